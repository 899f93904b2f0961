from django.apps import AppConfig


class BenchConfig(AppConfig):
    """`make bench`'s generated content and its ceiling (a bare view)."""

    name = "bench"
    verbose_name = "Benchmarks"
