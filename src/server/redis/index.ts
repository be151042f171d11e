export { redisStreamStore } from './redisStreamStore.js';
export type { AnyRedisClient, RedisStreamStoreOptions } from './redisStreamStore.js';
