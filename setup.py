"""Builds the geoparser's compiled core (geo/_geoparse.c and the files it names); the rest is in pyproject.toml."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "geo._geoparse",
            sources=["geo/_geoparse.c", "geo/_names.c", "geo/_scan.c", "geo/_resolve.c"],
            depends=["geo/_geoparse.h"],
            extra_compile_args=["-O2", "-Wall", "-Wextra", "-Wno-missing-field-initializers"],
        )
    ]
)
