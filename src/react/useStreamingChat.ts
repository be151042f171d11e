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
  /** Re-attaches to a resumable stream after a reload; see `ChatController.resume`. */
  resume: ChatController['resume'];
  /** The engine behind the hook. */
  controller: ChatController;
}

/**
 * A streaming chat bound to the component. The controller is created once and lives outside
 * React; while a reply streams the component renders at most once per animation frame.
 * `send`, `cancel`, `retry`, `reset` and `resume` keep their identity for the component's life,
 * and unmounting aborts the request in flight (reason `unmount`; see `onUnmount` for resumable
 * streams).
 */
export function useStreamingChat(options: UseStreamingChatOptions): UseStreamingChatResult {
  const [methods] = useState(() => {
    const controller = new ChatController(options);
    const { send, retry, reset, resume } = controller;
    // Not `controller.cancel` itself: `onClick={chat.cancel}` would pass the event as the reason.
    return { send, cancel: () => controller.cancel(), retry, reset, resume, controller };
  });
  const [mounts] = useState(() => ({ count: 0 }));
  const { controller } = methods;
  // The controller reads options when a request starts and callbacks when they fire, so pushing
  // the latest props after each commit is enough for none of them to go stale.
  useLayoutEffect(() => controller.setOptions(options));
  const snapshot = useSyncExternalStore(controller.subscribe, controller.getSnapshot, controller.getSnapshot);
  // Unmounting cancels, a microtask later: StrictMode unmounts and mounts again within one
  // task, and a stream started on mount (a `resume`) must survive that, not be stopped.
  useEffect(() => {
    mounts.count++;
    return () => {
      mounts.count--;
      queueMicrotask(() => mounts.count || controller.cancel('unmount'));
    };
  }, [controller, mounts]);
  return useMemo(() => ({ ...snapshot, ...methods }), [snapshot, methods]);
}
