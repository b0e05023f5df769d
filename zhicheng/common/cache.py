"""Cache backends: Django's, with two corrections.

``RedisCache`` keeps one redis-py client per connection pool; ``DatabaseCache`` (the embedded
default) keeps a counter's expiry when it is incremented, so rate-limit windows hold.

Redis: Django builds a new ``redis.Redis`` object for every cache operation; with redis-py 8 that
constructor copies its table of response callbacks each time (~0.1 ms, more than the round trip
to a local Redis). The client is thread-safe and only wraps the pool, so one per pool is kept.
"""

from __future__ import annotations

import base64
import pickle  # nosec B403 - the cache table is written only by this application, as Django's own backend

from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient
from django.db import connections, models, router, transaction
from django.utils.timezone import now as tz_now


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient


class DatabaseCache(DjangoDatabaseCache):
    """Django's database cache, with an ``incr()`` that keeps the entry's expiry and is atomic.

    Django's own (``BaseCache.incr``) reads the value and writes it back with ``set()`` and the
    default timeout (300 s): a counter added for an hour expired five minutes after its last hit,
    and two processes incrementing at once could both write the same value. Here the row is
    locked (``SELECT … FOR UPDATE``; on SQLite the ``IMMEDIATE`` transaction serialises writers)
    and only its value is updated, as Redis ``INCR`` and the local-memory cache do.
    """

    def incr(self, key, delta=1, version=None):
        """Add ``delta`` to the value under ``key``; its new value. Raises ``ValueError`` when the
        key is missing or expired (Django's contract)."""
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        qn = connection.ops.quote_name
        table = qn(self._table)
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        expression = models.Expression(output_field=models.DateTimeField())
        converters = connection.ops.get_db_converters(expression) + expression.get_db_converters(connection)
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {qn('value')}, {qn('expires')} FROM {table} WHERE {qn('cache_key')} = %s{lock}",  # noqa: S608 - table name from settings
                [key],
            )
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key '{key}' not found")
            expires = row[1]
            for converter in converters:
                expires = converter(expires, expression, connection)
            if expires < tz_now():
                raise ValueError(f"Key '{key}' not found")
            value = pickle.loads(base64.b64decode(connection.ops.process_clob(row[0]).encode()))  # noqa: S301 - written only by this cache
            value += delta
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(
                f"UPDATE {table} SET {qn('value')} = %s WHERE {qn('cache_key')} = %s",  # noqa: S608 - table name from settings
                [encoded, key],
            )
        return value
