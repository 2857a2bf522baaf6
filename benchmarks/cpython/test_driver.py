"""Unit tests of the driver's pure parts, with Python's own unittest: `python3 -m unittest discover -s benchmarks/cpython`.

What this machine's interpreter cannot show (a free-threaded build, InterpreterPoolExecutor, os.process_cpu_count)
is tested with fakes patched into the modules the driver reads.
"""
import concurrent.futures as cf
import contextlib
import os
import sys
import sysconfig
import unittest
from unittest import mock

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import driver  # noqa: E402


@contextlib.contextmanager
def absent(target, name):
    """The interpreter as an older one: without target.name for the duration, whether or not this one has it."""
    missing = object()
    saved = getattr(target, name, missing)
    if saved is not missing:
        delattr(target, name)
    try:
        yield
    finally:
        if saved is not missing:
            setattr(target, name, saved)


class InterpreterFactsTest(unittest.TestCase):
    def test_this_interpreter(self):
        facts = driver.interpreter_facts()
        self.assertEqual(facts["implementation"], sys.implementation.name)
        self.assertEqual(facts["version"], ".".join(map(str, sys.version_info[:3])))
        self.assertIn(facts["default_start_method"], facts["start_methods"])
        self.assertEqual(facts["switch_interval"], sys.getswitchinterval())
        self.assertEqual(facts["interpreter_pool"], hasattr(cf, "InterpreterPoolExecutor"))
        self.assertGreaterEqual(facts["cpu_count"], facts["process_cpu_count"])
        self.assertGreaterEqual(facts["process_cpu_count"], 1)

    def test_a_gil_build_before_3_13_has_the_gil_on(self):
        with mock.patch.object(sysconfig, "get_config_var", return_value=None), absent(sys, "_is_gil_enabled"):
            facts = driver.interpreter_facts()
        self.assertFalse(facts["free_threaded"])
        self.assertTrue(facts["gil_enabled"])

    def test_a_free_threaded_build_with_the_gil_off(self):
        with mock.patch.object(sysconfig, "get_config_var", side_effect=lambda name: 1 if name == "Py_GIL_DISABLED" else None), \
                mock.patch.object(sys, "_is_gil_enabled", lambda: False, create=True):
            facts = driver.interpreter_facts()
        self.assertTrue(facts["free_threaded"])
        self.assertFalse(facts["gil_enabled"])

    def test_a_free_threaded_build_that_turned_the_gil_back_on(self):
        with mock.patch.object(sysconfig, "get_config_var", return_value=1), mock.patch.object(sys, "_is_gil_enabled", lambda: True, create=True):
            facts = driver.interpreter_facts()
        self.assertTrue(facts["free_threaded"])
        self.assertTrue(facts["gil_enabled"])

    def test_process_cpu_count_where_the_interpreter_has_it(self):
        with mock.patch.object(os, "process_cpu_count", lambda: 1, create=True):
            self.assertEqual(driver.interpreter_facts()["process_cpu_count"], 1)

    def test_process_cpu_count_falls_back_to_the_affinity_mask(self):
        if not hasattr(os, "sched_getaffinity"):
            self.skipTest("this platform has no affinity mask")
        with absent(os, "process_cpu_count"):
            self.assertEqual(driver.interpreter_facts()["process_cpu_count"], len(os.sched_getaffinity(0)))


class InterpreterPoolTest(unittest.TestCase):
    def setup(self, **extra):
        command = {"executor": "interpreters", "workers": 2, "lifetime": "cold", "items": [1, 10, 1000]}
        command.update(extra)
        return driver.Case(command)

    def test_without_interpreter_pool_executor_the_case_says_so(self):
        with absent(cf, "InterpreterPoolExecutor"):
            case = self.setup()
            with self.assertRaisesRegex(ValueError, "no InterpreterPoolExecutor"):
                case.run()

    def test_with_interpreter_pool_executor_the_list_runs_through_it(self):
        created = []

        class FakeInterpreterPool(cf.ThreadPoolExecutor):
            def __init__(self, max_workers):
                created.append(max_workers)
                super().__init__(max_workers=max_workers)

        with mock.patch.object(cf, "InterpreterPoolExecutor", FakeInterpreterPool, create=True):
            self.assertEqual(self.setup().run(), 3)
            warm = self.setup(lifetime="warm")
            self.assertEqual(warm.pool.submit(warm.kernel, 4).result(), 10)
            self.assertEqual(warm.start(), 2)
            warm.stop()
            warm.pool.shutdown()
        self.assertEqual(created[0], 2)

    def test_the_task_travels_by_an_importable_name(self):
        case = self.setup()
        self.assertNotEqual(case.task.__module__, "__main__")
        self.assertEqual(case.task(100), 5050)


class CanaryTest(unittest.TestCase):
    def test_the_canary_replies_with_a_median_speed(self):
        reply, _ = driver.handle({"op": "canary", "n": 1000, "rounds": 3}, None)
        self.assertGreater(reply["ns_per_iteration"], 0)


if __name__ == "__main__":
    unittest.main()
