import { LoaderCircle } from 'lucide-react';

/** A small spinning icon for buttons and panels that are waiting on the engine. */
export function Spinner({ size = 16 }: { size?: number }) {
  return <LoaderCircle aria-hidden="true" size={size} className="spin" />;
}
