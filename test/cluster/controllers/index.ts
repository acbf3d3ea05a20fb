/**
 * The control plane's controllers, started and stopped together: DaemonSet, node lifecycle (taints),
 * the simulated kubelets, garbage collection and namespaces.
 */
import type { ObjectApi } from '../api/objectApi';
import type { Store } from '../store/store';
import { DaemonSetController, type DaemonSetControllerOptions } from './daemonSetController';
import { GarbageCollector } from './garbageCollector';
import { NodeLifecycle } from './nodeLifecycle';
import { PodLifecycle, type PodLifecycleOptions } from './podLifecycle';

export type ControllerOptions = DaemonSetControllerOptions & PodLifecycleOptions;

export interface Controllers {
  /** Whether every work queue is empty (timers for later pod transitions may still be pending). */
  readonly idle: boolean;
  stop(): void;
}

export function startControllers(api: ObjectApi, store: Store, options: ControllerOptions): Controllers {
  api.hooks.podGracePeriodMs = () => options.podGracePeriodMs ?? 0;
  const running = [
    new GarbageCollector(api, store),
    new NodeLifecycle(api, store),
    new PodLifecycle(api, store, options),
    new DaemonSetController(api, store, options),
  ];
  return {
    get idle() {
      return running.every((controller) => controller.idle);
    },
    stop() {
      for (const controller of running) controller.stop();
      api.hooks = {};
    },
  };
}
