"""The cache (Redis) helps the screening but is never needed to finish it.

Only the rate limits live in the cache. When it cannot be reached, a person still gets through:
their screening matters more than a limit. Sending a screening twice is stopped by the database
(each screening's submission key is unique on its lead), never by the cache.
"""

from redis.exceptions import RedisError

# What the cache raises when Redis is down or does not answer in time.
CACHE_ERRORS = (RedisError, OSError)
