import { accessibilityTests } from "./accessibility-journey";

// Journey 6 in English, in a file of its own so that it runs beside the Korean one (e2e/accessibility-journey.ts).
accessibilityTests("en");
