#!/usr/bin/env python3
"""The article's program, on command: the CPython side of the study, measured by BenchmarkDotNet.

The study's benchmark process starts this driver once per case and sends it one JSON command a line on standard
input; every reply is one JSON line on standard output. The measured invocation is one command and its reply, so
the timing is BenchmarkDotNet's, never Python's (the "ping" command measures the exchange itself).

Commands (every reply has "ok": true, or "ok": false and "error"):
  {"op": "hello"}                    -> what this interpreter is (interpreter_facts): implementation, version, start
                                        methods and the default one, free-threaded build, GIL at run time, CPU counts,
                                        switch interval, whether it has InterpreterPoolExecutor
  {"op": "ping"}                     -> nothing: the harness's own round trip
  {"op": "setup", "executor": "sequential" | "threads" | "interpreters" | "processes", "start_method": "fork" | "forkserver" |
   "spawn" | null, "workers": k, "lifetime": "cold" | "warm", "items": [n, ...], "task": "sum" | "io"}
                                     -> keeps the case; a warm case creates its pool and runs the items once
  {"op": "run"}                      -> runs the items as the article does (a cold case inside its own `with` block);
                                        replies with the count, after checking every result against the closed form
  {"op": "batch", "calls": N}        -> submit N calls of sum_generator(1), then take every result (warm pool)
  {"op": "roundtrip"}                -> submit one call and wait for it (warm pool)
  {"op": "map", "calls": N, "chunksize": c} -> map N items of 1 (warm pool)
  {"op": "start"}                    -> create a pool and return once its k workers run (k calls meet at a barrier,
                                        or each keeps a new worker busy); the pool is kept
  {"op": "stop"}                     -> shut the kept pool down, with wait
  {"op": "kernel", "n": n}           -> sum_generator(n) in this process
  {"op": "canary", "n": n, "rounds": r} -> the machine's speed for CPython now: sum_generator(n) r times, timed here;
                                        replies with the median ns per iteration (the benchmarks' canary, not a figure)
  {"op": "quit"}                     -> shuts the warm pool down and exits

The driver puts itself at the head of a process group and exits, killing the group (its pool's workers too), when
its standard input closes or its parent dies, so no Python process outlives the benchmark that started it.
Standard library only; Python 3.9 or later.
"""
import concurrent.futures as cf
import importlib
import json
import multiprocessing
import os
import signal
import sys
import sysconfig
import threading
import time

IO_LATENCY_SECONDS = 0.002  # as the .NET side's Workloads.IoLatencyMilliseconds


def sum_generator(n):
    """The article's kernel, exactly as it writes it."""
    return sum(n for n in range(1, n + 1))


def io_bound(n):
    """An I/O-bound call: block (time.sleep releases the GIL, as I/O does), then a little kernel work."""
    time.sleep(IO_LATENCY_SECONDS)
    return sum_generator(n)


def closed_form(n):
    return n * (n + 1) // 2 if n > 0 else 0


def rendezvous(barrier_and_index):
    """A call that returns only once every worker of the pool runs one: proof that all k workers started."""
    barrier, index = barrier_and_index
    barrier.wait(timeout=10)
    return index


TASKS = {"sum": sum_generator, "io": io_bound}


def importable(function):
    """The same function reached through the driver's module name rather than __main__, so that pickle names it
    driver.<name>: a subinterpreter of InterpreterPoolExecutor has no __main__ of ours to find it in."""
    if function.__module__ != "__main__":
        return function
    folder, name = os.path.split(os.path.abspath(__file__))
    if folder not in sys.path:
        sys.path.insert(0, folder)
    return getattr(importlib.import_module(os.path.splitext(name)[0]), function.__name__)


def interpreter_facts():
    """What this interpreter is, as the study's env.json records it; each fact only where the interpreter has it.

    free_threaded: built without the GIL (PEP 703's Py_GIL_DISABLED); gil_enabled: whether the GIL is on now (a
    free-threaded build can turn it back on, and sys._is_gil_enabled() says so from 3.13; before it, the GIL is on
    exactly when the build has one); process_cpu_count: the CPUs this process may use (3.13+, else the affinity mask
    where the platform has one); interpreter_pool: whether concurrent.futures has InterpreterPoolExecutor (3.14+).
    """
    free_threaded = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
    is_gil_enabled = getattr(sys, "_is_gil_enabled", None)
    if hasattr(os, "process_cpu_count"):
        process_cpu_count = os.process_cpu_count()
    elif hasattr(os, "sched_getaffinity"):
        process_cpu_count = len(os.sched_getaffinity(0))
    else:
        process_cpu_count = os.cpu_count()
    return {
        "implementation": sys.implementation.name,
        "version": ".".join(map(str, sys.version_info[:3])),
        "start_methods": multiprocessing.get_all_start_methods(),
        "default_start_method": multiprocessing.get_context().get_start_method(),
        "free_threaded": free_threaded,
        "gil_enabled": bool(is_gil_enabled()) if is_gil_enabled is not None else not free_threaded,
        "cpu_count": os.cpu_count(),
        "process_cpu_count": process_cpu_count,
        "switch_interval": sys.getswitchinterval(),
        "interpreter_pool": hasattr(cf, "InterpreterPoolExecutor"),
    }


class Case:
    def __init__(self, command):
        self.executor = command["executor"]
        self.start_method = command.get("start_method")
        self.workers = int(command["workers"])
        self.lifetime = command["lifetime"]
        self.items = [int(n) for n in command.get("items", [])]
        self.task = TASKS[command.get("task", "sum")]
        self.kernel = sum_generator
        if self.executor == "interpreters":
            self.task, self.kernel = importable(self.task), importable(sum_generator)
        self.pool = None
        self.started = None
        if self.start_method is not None and self.start_method not in multiprocessing.get_all_start_methods():
            raise ValueError(f"start method {self.start_method!r} is not available on this platform")
        if self.lifetime == "warm" and self.executor != "sequential":
            self.pool = self.create()
            self.run()

    def create(self):
        if self.executor == "threads":
            return cf.ThreadPoolExecutor(max_workers=self.workers)
        if self.executor == "interpreters":
            # 3.14+: one subinterpreter a worker thread, each with its own GIL; the task travels pickled, by reference.
            if not hasattr(cf, "InterpreterPoolExecutor"):
                raise ValueError(f"Python {sys.version_info[0]}.{sys.version_info[1]} has no InterpreterPoolExecutor (3.14+)")
            return cf.InterpreterPoolExecutor(max_workers=self.workers)
        if self.executor == "processes":
            context = multiprocessing.get_context(self.start_method)
            return cf.ProcessPoolExecutor(max_workers=self.workers, mp_context=context)
        raise ValueError(f"unknown executor {self.executor!r}")

    def run(self):
        if self.executor == "sequential":
            results = [self.task(n) for n in self.items]
        elif self.pool is not None:
            results = list(self.pool.map(self.task, self.items))
        else:
            with self.create() as pool:  # the article's cold case: creation and shutdown are measured
                results = list(pool.map(self.task, self.items))
        for n, result in zip(self.items, results):
            if result != closed_form(n):
                raise ValueError(f"sum_generator({n}) returned {result}, not {closed_form(n)}")
        return len(results)

    def warm_pool(self):
        if self.pool is None:
            raise ValueError("this command needs a warm pool")
        return self.pool

    def start(self):
        """Creates a pool and returns once all its workers run; the pool is kept for `stop`."""
        calls = self.workers
        pool = self.started = self.create()
        if self.executor in ("threads", "interpreters"):
            # Subinterpreters share no barrier, so each of their workers is kept busy by a call instead, as processes are.
            if self.executor == "threads":
                barrier = threading.Barrier(calls)
                list(pool.map(rendezvous, [(barrier, i) for i in range(calls)]))
            else:
                list(pool.map(time.sleep, [0.01] * calls))
            return len(pool._threads)
        # A process pool starts workers as calls arrive while none is idle (all at once under fork), so calls that
        # keep a worker busy for a moment reach `calls` workers.
        list(pool.map(time.sleep, [0.01] * calls))
        return len(pool._processes)

    def stop(self):
        self.started.shutdown(wait=True)
        self.started = None
        return 1


def handle(command, case):
    op = command["op"]
    if op == "hello":
        return interpreter_facts(), case
    if op == "ping":
        return {}, case
    if op == "setup":
        if case is not None and case.pool is not None:
            case.pool.shutdown(wait=True)
        return {}, Case(command)
    if op == "run":
        return {"count": case.run()}, case
    if op == "batch":
        pool = case.warm_pool()
        futures = [pool.submit(case.kernel, 1) for _ in range(int(command["calls"]))]
        return {"count": sum(f.result() for f in futures)}, case
    if op == "roundtrip":
        return {"count": case.warm_pool().submit(case.kernel, 1).result()}, case
    if op == "map":
        results = case.warm_pool().map(case.kernel, [1] * int(command["calls"]), chunksize=int(command["chunksize"]))
        return {"count": sum(results)}, case
    if op == "start":
        return {"workers": case.start()}, case
    if op == "stop":
        return {"count": case.stop()}, case
    if op == "kernel":
        n = int(command["n"])
        result = sum_generator(n)
        if result != closed_form(n):
            raise ValueError(f"sum_generator({n}) returned {result}")
        return {"count": 1}, case
    if op == "canary":
        n, rounds = int(command["n"]), int(command["rounds"])
        times = []
        for _ in range(rounds):
            began = time.perf_counter_ns()
            sum_generator(n)
            times.append(time.perf_counter_ns() - began)
        return {"ns_per_iteration": sorted(times)[rounds // 2] / n}, case
    raise ValueError(f"unknown command {op!r}")


def watch_parent(parent):
    while os.getppid() == parent:
        time.sleep(0.05)
    os.killpg(0, signal.SIGKILL)


def main():
    if hasattr(os, "setpgrp"):
        os.setpgrp()
        threading.Thread(target=watch_parent, args=(os.getppid(),), daemon=True).start()
    out = sys.stdout
    case = None
    for line in sys.stdin:
        try:
            command = json.loads(line)
            if command.get("op") == "quit":
                break
            reply, case = handle(command, case)
            reply["ok"] = True
        except Exception as error:  # every failure goes back to the harness as one line
            reply = {"ok": False, "error": f"{type(error).__name__}: {error}"}
        out.write(json.dumps(reply) + "\n")
        out.flush()
    if case is not None and case.pool is not None:
        case.pool.shutdown(wait=True)


if __name__ == "__main__":
    main()
