export default function Loading() {
  return (
    <div role="status" className="flex items-center gap-3 py-10 text-slate-600">
      <span aria-hidden className="size-5 animate-spin rounded-full border-2 border-brand-600 border-t-transparent" />
      Loading…
    </div>
  );
}
