"""Run make targets ("parts") a few at a time and report what each cost.

`make test` uses it: the parts are independent once the venvs exist, so two run at once on a 2-CPU machine.
Each part's output goes to its own log, printed whole when the part finishes (never interleaved), with its wall
time and its CPU time (user + sys of the part and of every process it waited for, from wait4). At the end a
table of all parts, and the exit status 1 if any part failed; a failed part does not stop the others, so one
run shows every failure.

Parts start in the order given: list the longest first, so the short ones fill the gaps at the end. A --first
part (the venvs) runs alone before them; if it fails, nothing else starts.
usage: python3 tools/ci_parts.py [-j N] [--first PART]... [--log-dir DIR] [--make MAKE] PART...
Stdlib only: it runs before (and without) any virtualenv.
"""

import argparse
import os
import subprocess
import sys
import time


def start(part, args):
    log_path = os.path.join(args.log_dir, part + '.log')
    with open(log_path, 'wb') as log:
        process = subprocess.Popen(
            [args.make, '--no-print-directory', part], stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT
        )
    return {'part': part, 'pid': process.pid, 'process': process, 'log': log_path, 'start': time.time()}


def result(status):
    return 'passed' if status == 0 else 'FAILED (exit %d)' % status


def report(job, status, usage):
    job['wall'] = time.time() - job['start']
    job['cpu'] = usage.ru_utime + usage.ru_stime
    job['status'] = status
    # Popen must not wait for a process wait4 already reaped.
    job['process'].returncode = status
    sys.stdout.write('\n==== %s: begin of its log\n' % job['part'])
    sys.stdout.flush()
    with open(job['log'], 'rb') as log:
        sys.stdout.buffer.write(log.read())
    sys.stdout.write(
        '==== %s: %s in %.0f s wall, %.1f CPU-s\n' % (job['part'], result(status), job['wall'], job['cpu'])
    )
    sys.stdout.flush()


def run(parts, jobs, args):
    """Run the parts, at most `jobs` at a time; return them finished."""
    queue = list(parts)
    running = {}
    done = []
    while queue or running:
        while queue and len(running) < jobs:
            job = start(queue.pop(0), args)
            running[job['pid']] = job
            print('==== %s: started (%s)' % (job['part'], time.strftime('%H:%M:%S')), flush=True)
        pid, wait_status, usage = os.wait4(-1, 0)
        job = running.pop(pid, None)
        if job is None:
            continue
        if os.WIFEXITED(wait_status):
            status = os.WEXITSTATUS(wait_status)
        else:
            status = -os.WTERMSIG(wait_status)
        report(job, status, usage)
        done.append(job)
    return done


def table(jobs, wall, cpu):
    lines = ['%-28s %-16s %8s %8s' % ('part', 'result', 'wall s', 'CPU-s')]
    for job in jobs:
        lines.append('%-28s %-16s %8.0f %8.1f' % (job['part'], result(job['status']), job['wall'], job['cpu']))
    lines.append('%-28s %-16s %8.0f %8.1f' % ('total (all parts)', '', wall, cpu))
    return '\n'.join(lines) + '\n'


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('-j', '--jobs', type=int, default=2, help='parts at a time (default 2)')
    parser.add_argument('--log-dir', default='tests/output/ci', help='one <part>.log each (default tests/output/ci)')
    parser.add_argument('--make', default=os.environ.get('MAKE', 'make'))
    parser.add_argument('--first', action='append', default=[], help='a part to run alone before the others')
    parser.add_argument('parts', nargs='+')
    args = parser.parse_args()
    os.makedirs(args.log_dir, exist_ok=True)

    began = time.time()
    done = run(args.first, 1, args)
    if all(job['status'] == 0 for job in done):
        done += run(args.parts, args.jobs, args)
    order = args.first + args.parts
    done.sort(key=lambda job: order.index(job['part']))
    summary = table(done, time.time() - began, sum(job['cpu'] for job in done))
    with open(os.path.join(args.log_dir, 'times.txt'), 'w') as handle:
        handle.write(summary)
    print('\n==== time per part (CPU-s: user + sys, the budget of a shared machine)\n' + summary, end='')
    failed = [job['part'] for job in done if job['status'] != 0]
    if failed:
        print('==== failed: %s (logs in %s)' % (' '.join(failed), args.log_dir))
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
