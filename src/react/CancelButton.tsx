import { useEffect, type ComponentProps } from 'react';

export interface CancelButtonProps extends Omit<ComponentProps<'button'>, 'type'> {
  /** The chat to stop: the button is enabled while `chat.isStreaming`, and calls `chat.cancel()`. */
  chat?: { isStreaming: boolean; cancel: () => void };
  /** Called to cancel, instead of (or besides having no) `chat`. */
  onCancel?: () => void;
  /** Default: `!chat.isStreaming` with `chat`, else `false`. */
  disabled?: boolean;
  /** Escape anywhere in the document cancels while the button is enabled. Default `true`. */
  escapeToCancel?: boolean;
}

/**
 * A real `<button type="button">` that stops the stream; its name is "Stop" unless children
 * say otherwise. Your `onClick` runs first and may `preventDefault()` to keep the stream going.
 * `data-state` is `streaming` or `idle`, and `data-disabled` is present when it is disabled.
 */
export function CancelButton({
  chat,
  onCancel = chat?.cancel,
  disabled = chat ? !chat.isStreaming : false,
  escapeToCancel = true,
  onClick,
  children = 'Stop',
  ...props
}: CancelButtonProps) {
  const armed = !disabled && escapeToCancel;
  useEffect(() => {
    if (!armed || !onCancel) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) onCancel();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [armed, onCancel]);
  return (
    <button
      {...props}
      type="button"
      disabled={disabled}
      data-state={disabled ? 'idle' : 'streaming'}
      data-disabled={disabled ? '' : undefined}
      onClick={(event) => {
        onClick?.(event);
        if (!event.defaultPrevented) onCancel?.();
      }}
    >
      {children}
    </button>
  );
}
