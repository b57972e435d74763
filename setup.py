"""Builds the geoparser's compiled core (geo/_*.c, one extension geo._geoparse); the rest is in pyproject.toml."""

from glob import glob

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "geo._geoparse",
            sources=sorted(glob("geo/_*.c")),
            depends=["geo/_geoparse.h"],
            extra_compile_args=["-O2", "-Wall", "-Wextra", "-Wno-missing-field-initializers"],
        )
    ]
)
