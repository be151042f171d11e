import { useEffect, useLayoutEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { ChatController } from '../core/chatController.js';
import type { ChatOptions, ChatSnapshot } from '../core/types.js';

/** The hook's options: those of the `ChatController` (see `ChatOptions` for the defaults). */
export type UseStreamingChatOptions = ChatOptions;

export interface UseStreamingChatResult extends ChatSnapshot {
  /** Sends a user message and streams the reply; aborts a stream in flight. Never rejects. */
  send: ChatController['send'];
  /** Stops the stream in flight (reason `user`); the partial reply is kept, marked `cancelled`. */
  cancel: () => void;
  /** Runs the last user message again. */
  retry: ChatController['retry'];
  /** Aborts any stream and clears the conversation. */
  reset: ChatController['reset'];
  /** The engine behind the hook. */
  controller: ChatController;
}

/**
 * A streaming chat bound to the component. The controller is created once and lives outside
 * React; while a reply streams the component renders at most once per animation frame.
 * `send`, `cancel`, `retry` and `reset` keep their identity for the component's life, and
 * unmounting aborts the request in flight (reason `unmount`).
 */
export function useStreamingChat(options: UseStreamingChatOptions): UseStreamingChatResult {
  const [methods] = useState(() => {
    const controller = new ChatController(options);
    const { send, retry, reset } = controller;
    // Not `controller.cancel` itself: `onClick={chat.cancel}` would pass the event as the reason.
    return { send, cancel: () => controller.cancel(), retry, reset, controller };
  });
  const { controller } = methods;
  // The controller reads options when a request starts and callbacks when they fire, so pushing
  // the latest props after each commit is enough for none of them to go stale.
  useLayoutEffect(() => controller.setOptions(options));
  const snapshot = useSyncExternalStore(controller.subscribe, controller.getSnapshot, controller.getSnapshot);
  // StrictMode runs this between its two mounts: nothing is in flight then and the controller
  // stays usable, so the remounted component works and nothing is sent twice.
  useEffect(() => () => controller.cancel('unmount'), [controller]);
  return useMemo(() => ({ ...snapshot, ...methods }), [snapshot, methods]);
}
