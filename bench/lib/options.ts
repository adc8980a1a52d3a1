// Command-line options and the sizes of each mode. Quick must finish in under 2 minutes on a 2-core
// machine and full in under 10 (both include a build when sources changed); tiny is for the smoke test.
export type Mode = "full" | "quick" | "tiny";

export type Sizes = {
  /** Seconds of measured load per throughput run, and of warm-up before it. */
  seconds: number;
  warmupSeconds: number;
  connections: number;
  joinFans: number;
  waitingFans: number;
  activeFans: number;
  raceFans: number;
  payFans: number;
  drop: { fans: number; seats: number; capacity: number; limitSeconds: number };
  hold: { steps: number[]; stepSeconds: number; limitSeconds: number };
  /** The on-sale start: fans pre-queued for `prequeueSeconds`, then drawn, admitted and buying. */
  onsale: { fans: number; seats: number; capacity: number; prequeueSeconds: number; limitSeconds: number };
  /** Whether to measure two app processes on one port (Node cluster) too. */
  cluster: boolean;
};

const SIZES: Record<Mode, Sizes> = {
  full: {
    seconds: 10,
    warmupSeconds: 2,
    connections: 32,
    joinFans: 25_000,
    waitingFans: 5_000,
    activeFans: 100,
    raceFans: 2_000,
    payFans: 500,
    drop: { fans: 1_500, seats: 300, capacity: 100, limitSeconds: 120 },
    hold: { steps: [500, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000], stepSeconds: 10, limitSeconds: 120 },
    onsale: { fans: 5_000, seats: 300, capacity: 100, prequeueSeconds: 40, limitSeconds: 150 },
    cluster: true,
  },
  quick: {
    seconds: 2,
    warmupSeconds: 0.5,
    connections: 32,
    joinFans: 8_000,
    waitingFans: 2_000,
    activeFans: 100,
    raceFans: 500,
    payFans: 150,
    drop: { fans: 300, seats: 100, capacity: 50, limitSeconds: 30 },
    hold: { steps: [500, 2_000, 8_000, 16_000], stepSeconds: 5, limitSeconds: 22 },
    onsale: { fans: 1_000, seats: 100, capacity: 50, prequeueSeconds: 15, limitSeconds: 45 },
    // Two more servers and alternating runs do not fit in two minutes: `--cluster` adds them.
    cluster: false,
  },
  tiny: {
    seconds: 1,
    warmupSeconds: 0.5,
    connections: 8,
    joinFans: 3_000,
    waitingFans: 200,
    activeFans: 20,
    raceFans: 150,
    payFans: 20,
    drop: { fans: 40, seats: 15, capacity: 10, limitSeconds: 20 },
    hold: { steps: [100, 400], stepSeconds: 2, limitSeconds: 10 },
    onsale: { fans: 30, seats: 10, capacity: 10, prequeueSeconds: 4, limitSeconds: 25 },
    cluster: false,
  },
};

export type Options = {
  mode: Mode;
  sizes: Sizes;
  /** Scenario numbers to run (1 always runs: every ratio needs it). */
  only: Set<number>;
  identity: "cookie" | "apikey";
  poolSize?: number;
  profile: boolean;
  cluster: boolean;
  out?: string;
  /** Skip the build check (the caller guarantees .next-bench is current). */
  noBuild: boolean;
};

const HELP = `npm run bench [-- options]
  --quick               a run under 2 minutes (default: full, under 10)
  --tiny                smallest numbers (the smoke test)
  --only=1,3,5          run only these scenarios (1, the ceilings, always runs)
  --identity=apikey     authenticate fans with X-API-Key instead of a session cookie
  --pool=N              DATABASE_POOL_SIZE for the app (default: the app's own default)
  --profile             run the server with --cpu-prof and summarise where the time goes
  --cluster, --no-cluster  measure one app process per core (Node cluster) or not (default: full runs only)
  --no-build            do not check whether the build is current
  --out=FILE            also write the JSON result to FILE`;

export function parseOptions(argv: string[]): Options {
  let mode: Mode = "full";
  const options: Omit<Options, "mode" | "sizes" | "cluster"> & { cluster?: boolean } = {
    only: new Set([1, 2, 3, 4, 5, 6, 7, 8, 9]),
    identity: "cookie",
    profile: false,
    noBuild: false,
  };
  for (const arg of argv) {
    const [name, value] = arg.includes("=")
      ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
      : [arg, ""];
    switch (name) {
      case "--quick":
        mode = "quick";
        break;
      case "--tiny":
        mode = "tiny";
        break;
      case "--full":
        mode = "full";
        break;
      case "--only":
        options.only = new Set([
          1,
          ...value
            .split(",")
            .map(Number)
            .filter((n) => n >= 1 && n <= 9),
        ]);
        break;
      case "--identity":
        if (value !== "cookie" && value !== "apikey") throw new Error("--identity is cookie or apikey");
        options.identity = value;
        break;
      case "--pool":
        options.poolSize = Number(value);
        break;
      case "--profile":
        options.profile = true;
        break;
      case "--no-cluster":
        options.cluster = false;
        break;
      case "--cluster":
        options.cluster = true;
        break;
      case "--no-build":
        options.noBuild = true;
        break;
      case "--out":
        options.out = value;
        break;
      case "--help":
      case "-h":
        console.log(HELP);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${arg}\n${HELP}`);
    }
  }
  const sizes = SIZES[mode];
  return { ...options, mode, sizes, cluster: options.cluster ?? sizes.cluster };
}
