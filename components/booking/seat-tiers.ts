// Seat grades as Korean venues name them (VIP, R, S...), dearest first; a grade's colour is its place in that order.
const NAMES = ["VIP", "R", "S", "A", "B", "C", "D"];

type TierStyle = { seat: string; swatch: string };

const TIER_STYLES: readonly [TierStyle, ...TierStyle[]] = [
  {
    seat: "bg-violet-100 border-violet-500 text-violet-950 hover:bg-violet-200",
    swatch: "bg-violet-100 border-violet-500",
  },
  { seat: "bg-sky-100 border-sky-500 text-sky-950 hover:bg-sky-200", swatch: "bg-sky-100 border-sky-500" },
  {
    seat: "bg-emerald-100 border-emerald-600 text-emerald-950 hover:bg-emerald-200",
    swatch: "bg-emerald-100 border-emerald-600",
  },
  { seat: "bg-amber-100 border-amber-500 text-amber-950 hover:bg-amber-200", swatch: "bg-amber-100 border-amber-500" },
  { seat: "bg-rose-100 border-rose-500 text-rose-950 hover:bg-rose-200", swatch: "bg-rose-100 border-rose-500" },
];

export type Tier = { name: string; price: number; index: number };

/**
 * The grades of a map: by the venue's names when the page knows them (grade name per price), else named by
 * price, dearest first.
 */
export function tiersOf(prices: number[], names?: ReadonlyMap<number, string>): Tier[] {
  const distinct = [...new Set(prices)].sort((a, b) => b - a);
  return distinct.map((price, index) => ({
    price,
    index,
    name: names?.get(price) ?? NAMES[index] ?? `${index + 1}`,
  }));
}

export function tierStyle(index: number): TierStyle {
  return TIER_STYLES[index % TIER_STYLES.length] ?? TIER_STYLES[0];
}
