"""Unit tests of the driver's pure parts, with Python's own unittest: `python3 -m unittest discover -s benchmarks/cpython`.

What this machine's interpreter cannot show (a free-threaded build, InterpreterPoolExecutor, os.process_cpu_count)
is tested with fakes patched into the modules the driver reads.
"""
import concurrent.futures as cf
import contextlib
import os
import sys
import sysconfig
import types
import unittest
from unittest import mock

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import driver  # noqa: E402


@contextlib.contextmanager
def absent(target, name):
    """The interpreter as an older one: without target.name for the duration, whether or not this one has it.

    A module may provide a name lazily, through its own __getattr__ (concurrent.futures does InterpreterPoolExecutor
    from 3.14): that is hidden too, for this name only.
    """
    missing = object()
    saved = vars(target).get(name, missing)
    if saved is not missing:
        delattr(target, name)
    lazy = vars(target).get("__getattr__") if isinstance(target, types.ModuleType) else None
    if lazy is not None:
        def hidden(attribute):
            if attribute == name:
                raise AttributeError(f"module {target.__name__!r} has no attribute {name!r}")
            return lazy(attribute)
        target.__getattr__ = hidden
    try:
        yield
    finally:
        if lazy is not None:
            target.__getattr__ = lazy
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


class TraceTest(unittest.TestCase):
    """The trace command's timeline: every moment the .NET side's EventSource names, in time order, from a real pool and a fake one."""

    def trace(self, executor, start_method=None, lifetime="cold"):
        command = {"op": "setup", "executor": executor, "start_method": start_method, "workers": 2, "lifetime": lifetime, "items": [10, 2000, 30000]}
        _, case = driver.handle(command, None)
        reply, _ = driver.handle({"op": "trace", "calls": 3}, case)
        return reply["timeline"]

    def check(self, timeline):
        events = timeline["events"]
        self.assertEqual(len(timeline["callMilliseconds"]), 3)
        self.assertEqual([e[0] for e in events], sorted(e[0] for e in events))
        self.assertEqual(events[0][1], "CallBegan")
        self.assertEqual(events[-1][1], "CallReturned")
        for task in (1, 2, 3):
            started = [e for e in events if e[1] == "TaskStarted" and e[3] == task]
            finished = [e for e in events if e[1] == "TaskFinished" and e[3] == task]
            self.assertEqual(len(started), 1)
            self.assertEqual(len(finished), 1)
            self.assertEqual(started[0][2], finished[0][2])
            self.assertLessEqual(started[0][0], finished[0][0])
            self.assertGreaterEqual(finished[0][4], 0)  # the thread's CPU time
        return events

    def test_a_fork_pools_workers_are_timed_from_their_start_to_their_exit(self):
        if "fork" not in driver.multiprocessing.get_all_start_methods():
            self.skipTest("this platform has no fork")
        events = self.check(self.trace("processes", "fork"))
        started = {e[2] for e in events if e[1] == "WorkerStarting"}
        self.assertTrue(started)
        self.assertEqual(started, {e[2] for e in events if e[1] == "WorkerExited"})
        self.assertNotIn(os.getpid(), {e[2] for e in events if e[1] == "TaskStarted"})
        self.assertTrue({e[2] for e in events if e[1] == "TaskStarted"} <= started)

    def test_a_fake_interpreter_pool_is_traced_as_a_pool_of_threads(self):
        class FakeInterpreterPool(cf.ThreadPoolExecutor):
            def __init__(self, max_workers, initializer=None):
                super().__init__(max_workers=max_workers, initializer=initializer)

        with mock.patch.object(cf, "InterpreterPoolExecutor", FakeInterpreterPool, create=True):
            timeline = self.trace("interpreters")
        self.assertEqual(timeline["executor"], "Interpreters")
        events = self.check(timeline)
        self.assertEqual(len([e for e in events if e[1] == "ResultReceived"]), 3)
        self.assertTrue([e for e in events if e[1] == "WorkerReady"])

    def test_sequential_code_runs_its_tasks_on_the_callers_thread(self):
        events = self.check(self.trace("sequential"))
        self.assertEqual({e[2] for e in events if e[1] == "TaskStarted"}, {driver.threading.get_native_id()})

    def test_a_warm_case_is_not_traced(self):
        with self.assertRaisesRegex(ValueError, "only a cold case"):
            self.trace("threads", lifetime="warm")


class CanaryTest(unittest.TestCase):
    def test_the_canary_replies_with_a_median_speed(self):
        reply, _ = driver.handle({"op": "canary", "n": 1000, "rounds": 3}, None)
        self.assertGreater(reply["ns_per_iteration"], 0)


if __name__ == "__main__":
    unittest.main()
