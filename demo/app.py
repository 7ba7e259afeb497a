import subprocess
import sys


def application(env, start_response):
    """The essay's minimal reproduction: under uwsgi, sys.executable is uwsgi, not python."""
    start_response('200 OK', [('Content-Type', 'text/html')])
    print(sys.executable)
    subprocess.run(["python3", "-m", "pip", "install", "numpy"])
    return [b'Hello']
