import type { ButtonHTMLAttributes, ReactNode } from 'react';
import { Spinner } from '../components/Spinner';

export type ButtonVariant = 'default' | 'primary' | 'danger' | 'ghost';

export interface ButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type'> {
  variant?: ButtonVariant;
  size?: 'normal' | 'small';
  /** An icon drawn before the label (replaced by a spinner while `busy`). */
  icon?: ReactNode;
  /** Working: shows a spinner, is disabled and says so (`aria-busy`). */
  busy?: boolean;
  type?: 'button' | 'submit' | 'reset';
  testId?: string;
}

/** The studio's button. An icon-only button must be given an `aria-label`. */
export function Button({ variant = 'default', size = 'normal', icon, busy = false, type = 'button', testId, className, children, disabled, ...rest }: ButtonProps) {
  const iconOnly = children === undefined || children === null || children === false;
  const classes = ['btn', variant !== 'default' ? `btn-${variant}` : undefined, size === 'small' ? 'btn-small' : undefined, iconOnly ? 'btn-icon' : undefined, className]
    .filter(Boolean)
    .join(' ');
  return (
    <button type={type} className={classes} disabled={disabled || busy} aria-busy={busy || undefined} data-testid={testId} {...rest}>
      {busy ? <Spinner /> : icon}
      {children}
    </button>
  );
}
