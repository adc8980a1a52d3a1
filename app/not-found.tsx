import { LinkButton } from "@/components/ui/button";

export default function NotFound() {
  return (
    <div className="mx-auto max-w-lg py-10 text-center">
      <h1 className="text-2xl font-bold">Page not found</h1>
      <p className="mt-2 text-slate-600">The page you were looking for does not exist or has moved.</p>
      <LinkButton href="/" className="mt-6">
        See all concerts
      </LinkButton>
    </div>
  );
}
