// Where the running app is in its life: starting (not yet serving), ready, or stopping (finishing
// what it has, taking nothing new). Readiness (`/health/ready`) answers from it; liveness does not.
export type LifecycleState = 'starting' | 'ready' | 'stopping';

export interface Lifecycle {
  readonly state: LifecycleState;
  markReady(): void;
  markStopping(): void;
}

export function createLifecycle(initial: LifecycleState = 'starting'): Lifecycle {
  let state = initial;
  return {
    get state() {
      return state;
    },
    markReady() {
      // Once stopping, the app never becomes ready again.
      if (state === 'starting') state = 'ready';
    },
    markStopping() {
      state = 'stopping';
    },
  };
}
