"""gunicorn settings used by ``./manage.sh run`` and documented for production (docs/operations.md).

Command-line options still win (``--bind``, ``--workers``); only what every deployment needs is
here: the access log goes through a logger class that masks ID and phone numbers.
"""

logger_class = "zhicheng.common.gunicorn.MaskingGunicornLogger"
accesslog = "-"
errorlog = "-"
