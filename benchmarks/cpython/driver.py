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
  {"op": "trace", "calls": N}        -> runs a cold case's items N times with its moments recorded (Timeline) and
                                        replies with the median call's "timeline", as the study's .NET side records one
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


_start_barrier = None


def hold_start_barrier(barrier):
    """A process pool's initializer for `start`: keeps the barrier its calls meet at (passed at the worker's creation,
    the one way a multiprocessing barrier reaches a spawned or forkserver worker)."""
    global _start_barrier
    _start_barrier = barrier


def meet_at_start_barrier(index):
    """A call of `start` in a process pool: returns once every worker runs one, then keeps its worker 10 ms longer, as
    the calls of earlier runs did (so start-up reads as it always has)."""
    _start_barrier.wait(timeout=30)
    time.sleep(0.01)
    return index


def rendezvous(barrier_and_index):
    """A call that returns only once every worker of the pool runs one: proof that all k workers started."""
    barrier, index = barrier_and_index
    barrier.wait(timeout=10)
    return index


TASKS = {"sum": sum_generator, "io": io_bound}

_ready = {}  # a traced worker's ready time, by worker id (each process, or each interpreter, has its own)


def worker_id():
    """Who runs this: the process, in a process pool's worker; the thread otherwise (threads, interpreters, sequential)."""
    return os.getpid() if multiprocessing.parent_process() is not None else threading.get_native_id()


def traced_ready():
    """A traced pool's initializer: the worker is ready to take calls."""
    _ready[worker_id()] = time.monotonic_ns()


def traced_task(n):
    """The kernel, with its moments: when it began and finished, and the CPU time its thread used meanwhile."""
    began, cpu = time.monotonic_ns(), time.thread_time_ns()
    result = sum_generator(n)
    finished, used = time.monotonic_ns(), time.thread_time_ns() - cpu
    me = worker_id()
    return result, (me, _ready.pop(me, None), began, finished, used)


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

    def create(self, start_barrier=None):
        """The case's pool; with `start_barrier`, a process pool whose workers hold a barrier of that many parties."""
        if self.executor == "threads":
            return cf.ThreadPoolExecutor(max_workers=self.workers)
        if self.executor == "interpreters":
            # 3.14+: one subinterpreter a worker thread, each with its own GIL; the task travels pickled, by reference.
            if not hasattr(cf, "InterpreterPoolExecutor"):
                raise ValueError(f"Python {sys.version_info[0]}.{sys.version_info[1]} has no InterpreterPoolExecutor (3.14+)")
            return cf.InterpreterPoolExecutor(max_workers=self.workers)
        if self.executor == "processes":
            context = multiprocessing.get_context(self.start_method)
            if start_barrier is not None:
                return cf.ProcessPoolExecutor(max_workers=self.workers, mp_context=context,
                                              initializer=hold_start_barrier, initargs=(context.Barrier(start_barrier),))
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

    def trace(self, calls):
        """The article's `with` block, `calls` times, each call's moments recorded; the median call's are returned."""
        if self.lifetime != "cold" or self.task is not TASKS["sum"] and self.task is not importable(sum_generator):
            raise ValueError("only a cold case of the kernel is traced")
        timelines = [Timeline(self).record() for _ in range(calls)]
        spans = [t.span() for t in timelines]
        kept = sorted(timelines, key=Timeline.span)[calls // 2]
        kind = {"sequential": "Sequential", "threads": "Threads", "interpreters": "Interpreters", "processes": "Processes"}
        return {
            "runtime": "CPython",
            "executor": kind[self.executor],
            "startMethod": self.start_method.capitalize() if self.start_method else None,
            "workers": self.workers,
            "items": self.items,
            "callMilliseconds": [s / 1e6 for s in spans],
            "events": kept.events,
        }

    def warm_pool(self):
        if self.pool is None:
            raise ValueError("this command needs a warm pool")
        return self.pool

    def start(self):
        """Creates a pool and returns once all its workers run; the pool is kept for `stop`."""
        calls = self.workers
        pool = self.started = self.create(start_barrier=calls if self.executor == "processes" else None)
        if self.executor in ("threads", "interpreters"):
            # Subinterpreters share no barrier, so each of their workers is kept busy by a call instead, as processes are.
            if self.executor == "threads":
                barrier = threading.Barrier(calls)
                list(pool.map(rendezvous, [(barrier, i) for i in range(calls)]))
            else:
                list(pool.map(time.sleep, [0.01] * calls))
            return len(pool._threads)
        # A process pool starts a worker per call while none is idle (all at once under fork): calls that wait for each
        # other at a barrier keep every worker busy until the last has started, however slowly the workers start.
        list(pool.map(meet_at_start_barrier, range(calls)))
        return len(pool._processes)

    def stop(self):
        self.started.shutdown(wait=True)
        self.started = None
        return 1


class Timeline:
    """One traced call: the moments the study's .NET executors report through their EventSource (TimelineEventKind),
    recorded from the parent (submissions, results, workers started and exited), the initializer (ready) and a wrapper
    of the kernel (began, finished, thread CPU time). map's submissions are made one by one, so that each future's
    arrival is seen; processes are timed as they start through a context that wraps Process.start."""

    def __init__(self, case):
        self.case = case
        self.events = []
        self.lock = threading.Lock()

    def mark(self, kind, worker=0, task=0, value=0, at=None):
        with self.lock:
            self.events.append([time.monotonic_ns() if at is None else at, kind, worker, task, value])

    def span(self):
        return max(e[0] for e in self.events if e[1] == "CallReturned") - min(e[0] for e in self.events if e[1] == "CallBegan")

    def create(self):
        case = self.case
        task_ready = importable(traced_ready) if case.executor == "interpreters" else traced_ready
        if case.executor == "threads":
            return cf.ThreadPoolExecutor(max_workers=case.workers, initializer=task_ready)
        if case.executor == "interpreters":
            return cf.InterpreterPoolExecutor(max_workers=case.workers, initializer=task_ready)
        context = TimedContext(multiprocessing.get_context(case.start_method), self)
        return cf.ProcessPoolExecutor(max_workers=case.workers, mp_context=context, initializer=task_ready)

    def record(self):
        case = self.case
        task = importable(traced_task) if case.executor == "interpreters" else traced_task
        self.mark("CallBegan")
        if case.executor == "sequential":
            self.mark("PoolCreated")
            outcomes = []
            for index, n in enumerate(case.items, 1):
                self.mark("TaskSubmitted", task=index)
                outcomes.append(task(n))
            self.mark("ShutdownBegan")
            self.mark("CallReturned")
        else:
            pool = self.create()
            self.mark("PoolCreated")
            futures = []
            for index, n in enumerate(case.items, 1):
                self.mark("TaskSubmitted", task=index)
                future = pool.submit(task, n)
                future.add_done_callback(lambda f, index=index: self.mark("ResultReceived", task=index))
                futures.append(future)
            outcomes = [f.result() for f in futures]
            self.mark("ShutdownBegan")
            watchers = self.watch_exits(pool)
            pool.shutdown(wait=True)
            returned = time.monotonic_ns()
            for watcher in watchers:
                watcher.join(timeout=5)
            # shutdown(wait=True) returns only once every worker has exited: a watcher that woke later than that
            # saw the exit late, so its time is capped at the return.
            with self.lock:
                for event in self.events:
                    if event[1] == "WorkerExited":
                        event[0] = min(event[0], returned)
            self.mark("CallReturned", at=returned)
        for index, (n, (result, (worker, ready, began, finished, used))) in enumerate(zip(case.items, outcomes), 1):
            if result != closed_form(n):
                raise ValueError(f"sum_generator({n}) returned {result}, not {closed_form(n)}")
            if ready is not None:
                self.mark("WorkerReady", worker, at=ready)
            self.mark("TaskStarted", worker, index, at=began)
            self.mark("TaskFinished", worker, index, used, at=finished)
        self.events.sort(key=lambda e: e[0])
        return self

    def watch_exits(self, pool):
        """Threads that mark each worker's exit as the parent sees it (a process's sentinel, a thread's join)."""
        import multiprocessing.connection
        processes = dict(getattr(pool, "_processes", None) or {})
        threads = list(getattr(pool, "_threads", None) or [])

        def process_exit(pid, process):
            multiprocessing.connection.wait([process.sentinel], timeout=30)
            self.mark("WorkerExited", pid)

        def thread_exit(thread):
            thread.join(timeout=30)
            self.mark("WorkerExited", thread.native_id)

        watchers = [threading.Thread(target=process_exit, args=item, daemon=True) for item in processes.items()]
        watchers += [threading.Thread(target=thread_exit, args=(t,), daemon=True) for t in threads]
        for watcher in watchers:
            watcher.start()
        return watchers


class TimedContext:
    """A multiprocessing context whose processes mark when they are started; everything else is the context's own."""

    def __init__(self, context, timeline):
        self._context = context
        self._timeline = timeline

    def __getattr__(self, name):
        return getattr(self._context, name)

    def Process(self, *args, **kwargs):  # noqa: N802 (the context's own name)
        process = self._context.Process(*args, **kwargs)
        start, timeline = process.start, self._timeline

        def timed_start():
            del process.start  # the class's own start again: spawn pickles the process, which must carry no closure
            began = time.monotonic_ns()
            start()
            timeline.mark("WorkerStarting", process.pid, at=began)

        process.start = timed_start
        return process


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
    if op == "trace":
        return {"timeline": case.trace(int(command.get("calls", 3)))}, case
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
