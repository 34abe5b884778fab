/** Kept for the screens' existing imports; the primitive lives in `ui/`. */
export { EmptyState } from '../ui/EmptyState';
