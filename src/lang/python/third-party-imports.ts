import type { PackageLoads } from '../../catalog/types.js';

/*
 * Hand-kept: what popular third-party Python packages load when they are imported (used when their
 * sources are not under the project's roots, which is the normal case). Keys are top-level import
 * names; values are modules that matter for patch order (threads, sockets, ssl, subprocess, the
 * libraries APM agents instrument). Stdlib modules listed here are expanded further through
 * stdlib-imports.json by `knownPythonLoads` (src/lang/python/resolve.ts).
 *
 * Provenance: none of these packages is installed here and PyPI is not reachable, so no entry was
 * read from an installed source. Every entry is "documented behaviour": what the package's
 * documentation / well-known import structure says (an HTTP client uses socket and ssl, a task queue
 * starts threads …). Where an entry says more, the comment says why.
 */
export const pythonPackageLoads: PackageLoads = {
  // HTTP clients: documented behaviour (urllib3 is built on http.client, socket and ssl; requests on urllib3).
  urllib3: ['socket', 'ssl', 'http.client', 'threading', 'queue', 'logging'],
  requests: ['urllib3', 'socket', 'ssl', 'http.client', 'threading', 'logging', 'json', 'certifi', 'idna', 'charset_normalizer'],
  httpx: ['httpcore', 'socket', 'ssl', 'threading', 'logging', 'certifi', 'idna', 'anyio'],
  httpcore: ['socket', 'ssl', 'threading'],
  aiohttp: ['asyncio', 'socket', 'ssl', 'logging', 'multidict', 'yarl'],
  httplib2: ['socket', 'ssl', 'http.client'],
  // Web frameworks: documented behaviour (werkzeug's dev server uses socketserver/threading).
  flask: ['werkzeug', 'jinja2', 'click', 'logging', 'threading', 'contextvars'],
  werkzeug: ['socket', 'socketserver', 'threading', 'http.server', 'logging'],
  django: ['threading', 'logging', 'socket', 'asyncio'],
  fastapi: ['starlette', 'pydantic', 'asyncio', 'logging', 'anyio'],
  starlette: ['asyncio', 'anyio', 'logging'],
  tornado: ['asyncio', 'socket', 'ssl', 'logging', 'threading'],
  gunicorn: ['socket', 'ssl', 'threading', 'logging', 'signal', 'os'],
  // Task queues / messaging: documented behaviour (they hold connections and start threads).
  celery: ['kombu', 'billiard', 'threading', 'socket', 'logging', 'multiprocessing'],
  kombu: ['amqp', 'socket', 'ssl', 'threading', 'logging'],
  amqp: ['socket', 'ssl'],
  pika: ['socket', 'ssl', 'threading', 'logging'],
  // Databases and caches: documented behaviour (network clients; psycopg2/MySQLdb are C extensions).
  redis: ['socket', 'ssl', 'threading', 'logging'],
  psycopg2: ['threading'],
  psycopg: ['socket', 'threading', 'logging', 'asyncio'],
  pymysql: ['socket', 'ssl', 'threading', 'logging'],
  MySQLdb: ['threading'],
  pymongo: ['socket', 'ssl', 'threading', 'logging'],
  sqlalchemy: ['threading', 'logging', 'weakref'],
  elasticsearch: ['urllib3', 'socket', 'ssl', 'threading', 'logging'],
  // gRPC and cloud SDKs: documented behaviour (grpc starts native threads in its C core).
  grpc: ['threading', 'logging', 'concurrent.futures'],
  boto3: ['botocore', 'threading', 'logging'],
  botocore: ['urllib3', 'socket', 'ssl', 'threading', 'logging', 'http.client'],
  // Scientific stack: documented behaviour (numpy loads its BLAS at import; torch/tensorflow load numpy).
  numpy: [],
  pandas: ['numpy'],
  scipy: ['numpy'],
  sklearn: ['numpy', 'scipy', 'threading'],
  torch: ['numpy', 'threading', 'logging', 'multiprocessing'],
  tensorflow: ['numpy', 'threading', 'logging'],
  keras: ['numpy'],
  'matplotlib.pyplot': ['matplotlib', 'numpy', 'threading', 'logging'],
  pylab: ['matplotlib', 'matplotlib.pyplot', 'numpy'],
  // Packages that load gevent/eventlet themselves: documented behaviour (gevent worker / green pools).
  'gevent.monkey': ['gevent'],
  // Django's MySQL backend imports MySQLdb: documented behaviour (the reason for pymysql.install_as_MySQLdb()).
  'django.db.backends.mysql': ['MySQLdb'],
  // distutils users: documented behaviour.
  'numpy.distutils': ['distutils'],
};

/**
 * Modules whose names a package COPIES at import time (`from ssl import SSLContext`). For capture-only
 * patchers (gevent, truststore) loading such a package before the patch counts as a capture.
 * urllib3: documented behaviour (gevent issue 1016, RecursionError with requests imported before
 * patch_all; truststore docs ask to inject before importing HTTP clients).
 */
export const pythonPackageCaptures: Record<string, Record<string, string[]>> = {
  urllib3: { ssl: ['SSLContext'] },
  requests: { ssl: ['SSLContext'] },
  botocore: { ssl: ['SSLContext'] },
  elasticsearch: { ssl: ['SSLContext'] },
};
