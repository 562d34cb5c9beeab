"""Exit 0 when this host's Concord answers /healthz with 200: the container's HEALTHCHECK.

It asks gunicorn directly, as the proxy would: with a host name Concord accepts (the first of
ALLOWED_HOSTS) and X-Forwarded-Proto: https, so that the HTTPS redirect does not answer instead.
"""

import http.client
import os
import sys


def main():
    hosts = [h.strip().lstrip(".") for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
    host = next((h for h in hosts if h != "*"), "localhost")
    address = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
    port = int(address.rsplit(":", 1)[1])
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=8)
    try:
        connection.request("GET", "/healthz", headers={"Host": host, "X-Forwarded-Proto": "https"})
        response = connection.getresponse()
        print(response.status, response.read(500).decode(errors="replace"))
        return 0 if response.status == 200 else 1
    except OSError as error:
        print(f"no answer on port {port}: {error}")
        return 1
    finally:
        connection.close()


if __name__ == "__main__":
    sys.exit(main())
