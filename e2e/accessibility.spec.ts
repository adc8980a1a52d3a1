import { accessibilityTests } from "./accessibility-journey";

// Journey 6 in Korean: every page at desktop and phone width (e2e/accessibility-journey.ts).
accessibilityTests("ko");
