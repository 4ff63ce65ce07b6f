"""Load test: N simulated students on a real `streamlit run app.py`, over Streamlit's websocket protocol.

Each student (one thread, one websocket tab, bench/st_client.py) loads the app, presses the English LSTM
preset on Start here, follows the live panel like a browser (fragment auto-reruns) until the run is in the
sidebar, then opens Hidden states, types a sentence, opens Embeddings and Gradients, with 1-3 s of seeded think
time between actions. Every step is checked (expected heading/elements arrived, no exception or st.error).
Prints p50/p95/max per action, errors, trainings completed, and the resident memory of the server process and
of its child processes (training workers) over time.

    python bench/load_test.py --students 10 --max-seconds 300
    python bench/load_test.py --distinct 100          # 100 distinct small trainings in a row, memory per training
    python bench/load_test.py --app-dir /work/main    # measure another checkout ("before" / "after")
    python bench/load_test.py --students 60 --replicas 2   # two servers, each student on one (a sticky balancer)

With --replicas N, student i connects to replica i mod N for the whole visit, which is what a balancer with
sticky sessions does; with --balancer deploy/haproxy.cfg, a replica per server line of that config and haproxy in
front of them, on free ports, and every student connects to haproxy. Each replica gets cores/N training workers
(RNNVIZ_WORKERS), unless that is set.

    python bench/load_test.py --students 60 --balancer deploy/haproxy.cfg
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load_report import MemorySampler, Recorder, print_memory, print_report
from st_client import ProtocolError, Session
from st_server import balanced_servers, replica_servers, replicas_in, streamlit_server

PRESET_KEY, PRESET_TITLE = "sentiment_lstm_en", "LSTM on toy sentiment (English)"
SENTENCES = ("slow at first but wonderful in the end", "not good at all", "a great film with a boring end",
             "the actors were wonderful", "i did not like it")
RUN_PICKER = "Model shown on the pages"
PAGES = {   # page title -> heading it must draw and whether it must draw at least one chart
    "Hidden states": "Hidden states, word by word",
    "Embeddings": "Embedding projector",
    "Vanishing & exploding gradients": "Vanishing and exploding gradients",
}


def run_in_sidebar(name: str):
    """Condition for Session.follow: the run `name` is a choice of the sidebar's model picker, nothing training."""
    def done(drawn) -> bool:
        pickers = [e.selectbox for e in drawn.of_type("selectbox") if e.selectbox.label == RUN_PICKER]
        return any(name in picker.options for picker in pickers) and not drawn.of_type("progress")
    return done


def check(drawn, heading: str | None = None, charts: bool = False) -> None:
    """Raise ProtocolError if the page shows an error, lacks its heading, or lacks a chart it must draw."""
    errors = drawn.errors()
    if errors:
        raise ProtocolError("; ".join(errors)[:300])
    if heading is not None and not drawn.has_text(heading):
        raise ProtocolError(f"heading {heading!r} not drawn")
    if charts and not drawn.of_type("plotly_chart"):
        raise ProtocolError("no chart drawn")


def student(url: str, index: int, args, recorder: Recorder, deadline: float) -> None:
    """One student's visit; every action timed and checked; stops at the first failure or at the wall cap."""
    rng = random.Random(args.seed * 1000 + index)
    think = (lambda: rng.uniform(1.0, 3.0)) if args.think else (lambda: 0.0)
    session = None
    step = "connect"
    try:
        session = Session(url, timeout=max(1.0, deadline - time.perf_counter()))
        step = "load app"
        recorder.timed(step, session.load)
        check(session.drawn(), heading="rnnviz: see inside recurrent neural networks")
        session.drawn().widget("button", f"preset_{PRESET_KEY}") or _fail("preset button not drawn")
        session.idle(think())
        step = "press preset"
        pressed = time.perf_counter()
        recorder.timed(step, lambda: session.click(f"preset_{PRESET_KEY}"))
        check(session.drawn())
        drawn = session.drawn()
        if not drawn.of_type("progress") and not run_in_sidebar(PRESET_TITLE)(drawn):
            _fail("the press neither started the live panel nor gave the run")
        step = "training (press to run in sidebar)"
        session.follow(run_in_sidebar(PRESET_TITLE), timeout=deadline - time.perf_counter())
        recorder.add(step, time.perf_counter() - pressed)
        check(session.drawn())
        recorder.count("trainings completed")
        for page, heading in PAGES.items():
            session.idle(think())
            step = f"open {page}"
            recorder.timed(step, lambda page=page: session.goto(page))
            check(session.drawn(), heading=heading, charts=True)
            if page == "Hidden states":
                session.idle(think())
                step = "type a sentence"
                recorder.timed(step, lambda: session.set_value("hidden_states_text", rng.choice(SENTENCES),
                                                               "text_input"))
                check(session.drawn(), heading=heading, charts=True)
        recorder.count("students done")
        recorder.add_auto_reruns(session.auto_reruns)
    except ProtocolError as error:
        if time.perf_counter() >= deadline - 1:
            recorder.unfinished(step)
        else:
            recorder.error(step, str(error))
    finally:
        if session is not None:
            session.close()


def distinct_trainings(url: str, args, recorder: Recorder, sampler: MemorySampler, deadline: float) -> None:
    """One session trains `args.distinct` small models in a row on the Train page, each with another seed."""
    session = Session(url, timeout=max(1.0, deadline - time.perf_counter()))
    try:
        recorder.timed("load app", session.load)
        recorder.timed("open Train", lambda: session.goto("Train"))
        check(session.drawn(), heading="Train a recurrent network")
        for name, value in (("train_size", 1000), ("train_units", 8), ("train_epochs", 1)):
            session.set_value(name, value, "number_input", rerun=False)
        for i in range(args.distinct):
            if time.perf_counter() > deadline:
                recorder.unfinished("distinct training")
                break
            session.set_value("train_training_seed", 1000 + i, "number_input", rerun=False)
            start = time.perf_counter()
            session.click("train_button")
            check(session.drawn())
            session.follow(_training_reported, timeout=deadline - time.perf_counter())
            check(session.drawn())
            recorder.add("distinct training", time.perf_counter() - start)
            recorder.count("trainings completed")
            sampler.sample(label=f"after training {i + 1}")
    except ProtocolError as error:
        if time.perf_counter() >= deadline - 1:
            recorder.unfinished("distinct training")
        else:
            recorder.error("distinct training", str(error))
    finally:
        session.close()


def warm_up(url: str) -> None:
    """The teacher opens the link first, and checks the Gradients lab before the class: the server's first run
    (first imports) and its warm-up (the lab's default pictures, which that page waits for) are done."""
    session = Session(url)
    try:
        session.load()
        check(session.drawn(), heading="rnnviz: see inside recurrent neural networks")
        session.goto("Vanishing & exploding gradients")
        check(session.drawn(), heading=PAGES["Vanishing & exploding gradients"], charts=True)
    finally:
        session.close()


def _training_reported(drawn) -> bool:
    return not drawn.of_type("progress") and drawn.has_text("validation accuracy")


def _fail(message: str):
    raise ProtocolError(message)


@contextlib.contextmanager
def _servers(args):
    """Yield (the URLs students are sent to in turn, [(replica url, pid)]): the servers at --url, a --balancer and
    its replicas, or --replicas started here (the training workers split between them)."""
    if args.url:
        servers = [(url.strip().rstrip("/"), None) for url in args.url.split(",")]
        yield [url for url, _ in servers], servers
        return
    replicas = replicas_in(args.balancer) if args.balancer else args.replicas
    workers = os.environ.get("RNNVIZ_WORKERS") or str(max(1, (os.cpu_count() or 1) // replicas))
    env = {"RNNVIZ_WORKERS": workers} if replicas > 1 else None
    if args.balancer:
        with balanced_servers(args.app_dir, args.balancer, log_path=args.server_log, env=env) as (front, servers):
            yield [front], servers
    elif replicas == 1:
        with streamlit_server(args.app_dir, log_path=args.server_log) as (url, pid):
            yield [url], [(url, pid)]
    else:
        with replica_servers(args.app_dir, replicas, log_path=args.server_log, env=env) as servers:
            yield [url for url, _ in servers], servers


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=1)
    parser.add_argument("--think", action=argparse.BooleanOptionalAction, default=True,
                        help="1-3 s of seeded think time between actions (default on)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--app-dir", default=str(Path(__file__).resolve().parents[1]),
                        help="the checkout whose app.py is served")
    parser.add_argument("--max-seconds", type=float, default=600, help="wall-time cap of the whole test")
    parser.add_argument("--distinct", type=int, default=0, help="instead: N distinct small trainings in a row")
    parser.add_argument("--sample-every", type=float, default=2.0, help="seconds between memory samples")
    parser.add_argument("--url", help="use servers already running there (comma-separated: each student is "
                                      "sent to one of them in turn) instead of starting any")
    parser.add_argument("--replicas", type=int, default=1,
                        help="servers to start; students are spread over them, each staying on one (default 1)")
    parser.add_argument("--balancer", help="an haproxy config (deploy/haproxy.cfg): start its replicas and haproxy, "
                                           "and send every student through it")
    parser.add_argument("--warm-up", action=argparse.BooleanOptionalAction, default=True,
                        help="one tab loads the app and opens the Gradients lab before the students arrive, as a "
                             "teacher does (default on); "
                             "--no-warm-up: every student is the first visitor of a fresh server")
    parser.add_argument("--server-log", help="write the server's output to this file")
    args = parser.parse_args(argv)

    with _servers(args) as (urls, servers):
        url = urls[0]
        sampler = MemorySampler([pid for _, pid in servers], every=args.sample_every)
        sampler.start()
        recorder = Recorder()
        load_before = os.getloadavg()[0]
        if args.warm_up:
            for replica, _ in servers:    # the teacher checks each replica (behind a balancer: directly)
                warm_up(replica)
        begin = time.perf_counter()
        deadline = begin + args.max_seconds
        if args.distinct:
            distinct_trainings(url, args, recorder, sampler, deadline)
        else:
            threads = [threading.Thread(target=student, args=(urls[i % len(urls)], i, args, recorder, deadline),
                                        daemon=True)
                       for i in range(args.students)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(max(0.0, deadline + 5 - time.perf_counter()))
        wall = time.perf_counter() - begin
        sampler.stop()
    print(f"app: {args.app_dir}  servers: {len(servers)}{' behind haproxy' if args.balancer else ''}  "
          f"students: {args.students if not args.distinct else 1}  "
          f"think: {args.think}  seed: {args.seed}  warm-up: {args.warm_up}  wall: {wall:.1f} s (cap {args.max_seconds:.0f} s)")
    print(f"machine: {os.cpu_count()} cores, load average {load_before:.1f} at the start, "
          f"{os.getloadavg()[0]:.1f} at the end (other processes share the cores: compare runs made together)")
    print_report(recorder)
    print_memory(sampler)
    return 1 if recorder.errors else 0


if __name__ == "__main__":
    sys.exit(main())
