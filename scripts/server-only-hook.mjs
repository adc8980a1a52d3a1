// Lets the HTTP server's process import the app's server modules. They start with `import "server-only"`, whose
// default entry throws outside React's server build; Next's own bundles resolve it to an empty module, and so
// does this hook for what Node loads directly. (Running the process with --conditions=react-server would do the
// same but breaks Next's own React resolution.) Registered by scripts/serve.ts.
export async function resolve(specifier, context, nextResolve) {
  if (specifier === "server-only") return { url: "data:text/javascript,export {};", shortCircuit: true };
  return nextResolve(specifier, context);
}
