import Image from "next/image";

/** A concert's poster (demo artwork lives in public/posters), or a plain gradient when it has none. */
export function Poster({
  src,
  alt,
  className = "",
  priority = false,
  sizes,
}: {
  src: string | null;
  alt: string;
  className?: string;
  priority?: boolean;
  sizes: string;
}) {
  if (!src) return <div aria-hidden className={`bg-gradient-to-br from-brand-600 to-fuchsia-500 ${className}`} />;
  // SVG posters need no optimisation; unoptimized keeps them as they are (no image server round trip).
  return (
    <Image
      src={src}
      alt={alt}
      width={600}
      height={800}
      sizes={sizes}
      priority={priority}
      unoptimized
      className={`object-cover ${className}`}
    />
  );
}
