"""Offline install bundles: the kit and every wheel it needs for one kind of computer, in one zip.

``community-1234 bundle`` builds the kit's wheel (or takes one), lets pip download the
wheels of the kit and of its ``lab``, ``experiments``, ``workshop`` and ``print`` extras
for each target platform, and writes a zip with install scripts that make a Python
environment in the user's home and install from those wheels with ``--no-index``: on
the target computer nothing is downloaded and no administrator rights are needed.

Parts: ``platforms`` (short names, wheel tags, marker values of each target),
``resolve`` (pip's runs and what their errors mean), ``pip_for_target`` (pip with the
target's dependency markers), ``package`` (scripts, README and the zip).
"""
