"""`python -m wir_ops`: how `wir run` starts each service, with the interpreter it runs on."""

from wir_ops.cli import app

if __name__ == "__main__":
    app(prog_name="wir")
