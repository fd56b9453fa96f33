/**
 * The channel world's deps as one object the API server can hold for the whole file, while each
 * test gets fresh deps (useChannelWorld replaces them before every test). A Proxy that reads, lists
 * and spreads (`{ ...deps }`, as the router does) the current deps.
 */
import type { World } from '../../use-cases/channels/channel-world.ts';

export const liveDeps = (world: World): World['deps'] =>
  new Proxy({} as World['deps'], {
    get: (_, key) => Reflect.get(world.deps, key),
    has: (_, key) => Reflect.has(world.deps, key),
    ownKeys: () => Reflect.ownKeys(world.deps),
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(world.deps, key);
      return descriptor ? { ...descriptor, configurable: true } : undefined;
    },
  });
