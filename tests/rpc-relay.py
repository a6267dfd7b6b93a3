#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/rpc-relay.py --listen SOCKET --target SOCKET [--cut PROCEDURE[:N] [--go-silent]]
#                    [--delay-ms MS] [--count-to FILE] [--until-stdin-closes]
#                    [--refuse PROCEDURE]
#
# A relay on a unix socket in front of a libvirtd socket, for fault tests: it forwards
# libvirt's RPC both ways, reading its framing (libvirt's src/rpc/virnetprotocol.x: a 4-byte
# big-endian length that counts itself, then the header: program, version, procedure, type,
# serial, status, each a 4-byte big-endian unsigned number).
#
# --cut PROCEDURE[:N] forwards the Nth call (default 1st, counted over all connections) of
# PROCEDURE to the daemon, swallows the daemon's reply to it and closes that client's
# connection: the daemon did what was asked, the client never heard. Later connections are
# relayed normally. With --go-silent the cut keeps that connection open instead and relays
# nothing more on it either way: a host that stopped answering (a dropped VPN, a frozen
# daemon), which only the client's keepalive can notice. --delay-ms holds each message that long before forwarding it, every
# message on its own clock, so calls in flight together overlap as on a slow link (a latency,
# not a bandwidth: this kernel has no sch_netem). Each cut is announced on stdout ("cut
# PROCEDURE serial S").
#
# --count-to FILE writes FILE (JSON) when a connection ends and when the relay is stopped
# (SIGTERM or SIGINT), with the calls relayed over all connections:
# "calls" (the total), "procedures" (calls per procedure number) and "depth", the longest
# chain of calls each sent after the reply to the one before it: with a call's depth one more
# than that of the last reply its client had received when it sent it, this is how many
# round trips the client spent one after another (a call sent after a reply may depend on it).
#
# --refuse PROCEDURE answers every call of PROCEDURE itself with libvirt's "not supported"
# error, never asking the daemon: a host whose driver lacks the call, or whose access policy
# refuses it.
#
# SIGUSR1 makes every connection silent from then on, as --go-silent does after its cut (for
# a test that chooses the moment); the relay says "silent" on stdout. --until-stdin-closes
# stops the relay when its standard input closes: when the test that started it has exited.
import argparse
import asyncio
import json
import os
import signal
import struct
import sys

# Procedure numbers from libvirt's src/remote/remote_protocol.x (program 0x20008086).
PROCEDURES = {
    'DOMAIN_DEFINE_XML': 11,
    'DOMAIN_ATTACH_DEVICE_FLAGS': 160,
    'DOMAIN_DETACH_DEVICE_FLAGS': 161,
    'CONNECT_GET_ALL_DOMAIN_STATS': 344,
}
REMOTE_PROGRAM = 0x20008086
CALL, REPLY = 0, 1
STATUS_ERROR = 1
VIR_ERR_NO_SUPPORT, VIR_ERR_ERROR = 3, 2
HEADER = struct.Struct('>IIIIIII')   # length, program, version, procedure, type, serial, status
MAX_MESSAGE = 32 * 1024 * 1024 + 4   # libvirt's own limit on one message


class Relay:
    def __init__(self, target, procedure, nth, delay, count_to, silent, refuse=None):
        self.target = target
        self.refuse = refuse
        self.silent = silent
        self.procedure = procedure
        self.nth = nth
        self.delay = delay
        self.seen = 0
        self.cut_done = False
        self.count_to = count_to
        self.calls = 0
        self.procedures = {}
        self.depth = 0
        self.hushed = False

    def hush(self):
        self.hushed = True
        print('silent', flush=True)

    def count(self, procedure, serial, state):
        """A call on its way to the daemon, as part of the chain it may depend on."""
        depth = state.get('last_reply_depth', 0) + 1
        state.setdefault('call_depth', {})[serial] = depth
        self.calls += 1
        self.procedures[procedure] = self.procedures.get(procedure, 0) + 1
        self.depth = max(self.depth, depth)

    def answered(self, serial, state):
        depth = state.get('call_depth', {}).pop(serial, None)
        if depth is not None:
            state['last_reply_depth'] = depth

    def save_counts(self):
        if not self.count_to:
            return
        # Written whole, then renamed: a reader never sees half a file.
        with open(self.count_to + '.new', 'w') as out:
            json.dump({'calls': self.calls, 'depth': self.depth,
                       'procedures': {str(k): v for k, v in sorted(self.procedures.items())}},
                      out)
        os.replace(self.count_to + '.new', self.count_to)

    async def read_message(self, reader):
        """One whole message, or None at the end of the stream."""
        try:
            head = await reader.readexactly(4)
        except asyncio.IncompleteReadError:
            return None
        length = struct.unpack('>I', head)[0]
        if length < HEADER.size or length > MAX_MESSAGE:
            raise ValueError(f'a message of {length} bytes is not libvirt RPC')
        try:
            return head + await reader.readexactly(length - 4)
        except asyncio.IncompleteReadError:
            return None

    async def forward(self, message, queue):
        """Hands MESSAGE to its direction's sender, stamped with when it may leave."""
        await queue.put((asyncio.get_running_loop().time() + self.delay, message))

    async def send(self, queue, writer):
        while True:
            due, message = await queue.get()
            wait = due - asyncio.get_running_loop().time()
            if wait > 0:
                await asyncio.sleep(wait)
            writer.write(message)
            await writer.drain()
            queue.task_done()

    async def client_to_daemon(self, reader, queue, state):
        while (message := await self.read_message(reader)) is not None:
            _, program, _, procedure, kind, serial, _ = HEADER.unpack_from(message)
            if program == REMOTE_PROGRAM and kind == CALL:
                self.count(procedure, serial, state)
            if (program == REMOTE_PROGRAM and kind == CALL and procedure == self.procedure
                    and not self.cut_done):
                self.seen += 1
                if self.seen == self.nth:
                    self.cut_done = True
                    state['cut_serial'] = serial
            if program == REMOTE_PROGRAM and kind == CALL and procedure == self.refuse:
                asyncio.get_running_loop().call_later(self.delay, self.answered, serial, state)
                await self.forward(refusal(message), state['to_client'])
                continue
            if not state.get('silent') and not self.hushed:
                await self.forward(message, queue)
        await queue.join()

    async def daemon_to_client(self, reader, queue, state):
        while (message := await self.read_message(reader)) is not None:
            _, program, _, procedure, kind, serial, _ = HEADER.unpack_from(message)
            if (kind == REPLY and program == REMOTE_PROGRAM and procedure == self.procedure
                    and serial == state.get('cut_serial')):
                print(f'cut {procedure} serial {serial}', flush=True)
                await queue.join()
                if self.silent:
                    state['silent'] = True
                    # Until the relay is stopped: the client's keepalive has to notice.
                    await asyncio.Event().wait()
                return
            if self.hushed:
                continue
            if kind == REPLY and program == REMOTE_PROGRAM:
                # The client has the reply once it arrives there: after the delay.
                loop = asyncio.get_running_loop()
                loop.call_later(self.delay, self.answered, serial, state)
            await self.forward(message, queue)
        if self.hushed:
            # Silent means silent: the daemon giving up on the client is not passed on either.
            await asyncio.Event().wait()
        await queue.join()

    async def serve(self, client_reader, client_writer):
        try:
            daemon_reader, daemon_writer = await asyncio.open_unix_connection(self.target)
        except OSError as error:
            print(f'cannot reach the daemon: {error}', file=sys.stderr, flush=True)
            client_writer.close()
            return
        to_daemon, to_client = asyncio.Queue(), asyncio.Queue()
        state = {'to_client': to_client}
        tasks = [asyncio.create_task(self.client_to_daemon(client_reader, to_daemon, state)),
                 asyncio.create_task(self.daemon_to_client(daemon_reader, to_client, state)),
                 asyncio.create_task(self.send(to_daemon, daemon_writer)),
                 asyncio.create_task(self.send(to_client, client_writer))]
        # Either side ending (or a cut) ends the pair: both sockets close.
        done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()
        for task in done:
            if task.exception() is not None:
                print(f'relay: {task.exception()}', file=sys.stderr, flush=True)
        for writer in (client_writer, daemon_writer):
            writer.close()
        self.save_counts()


def xdr_int(value):
    return struct.pack('>i', value)


def xdr_optional_string(text):
    data = text.encode()
    return xdr_int(1) + struct.pack('>I', len(data)) + data + b'\0' * (-len(data) % 4)


def refusal(call):
    """The error reply (virnetprotocol.x's virNetMessageError) to CALL: not supported."""
    _, program, version, procedure, _, serial, _ = HEADER.unpack_from(call)
    body = (xdr_int(VIR_ERR_NO_SUPPORT) + xdr_int(0)
            + xdr_optional_string(f'this function is not supported by the connection driver '
                                  f'(procedure {procedure}, refused by the relay)')
            + xdr_int(VIR_ERR_ERROR)
            + xdr_int(0)                            # no domain
            + xdr_int(0) + xdr_int(0) + xdr_int(0)  # no str1, str2, str3
            + xdr_int(0) + xdr_int(0)               # int1, int2
            + xdr_int(0))                           # no network
    return HEADER.pack(HEADER.size + len(body), program, version, procedure, REPLY, serial,
                       STATUS_ERROR) + body


def procedure_number(text):
    name, _, nth = text.partition(':')
    number = int(name) if name.isdigit() else PROCEDURES.get(name.upper().removeprefix(
        'REMOTE_PROC_'))
    if number is None:
        raise argparse.ArgumentTypeError(f'unknown procedure {name}; known: '
                                         + ', '.join(PROCEDURES))
    return number, int(nth) if nth else 1


async def main():
    parser = argparse.ArgumentParser(description='a libvirt RPC relay that can cut a reply')
    parser.add_argument('--listen', required=True, help='the unix socket to listen on')
    parser.add_argument('--target', required=True, help="the daemon's unix socket")
    parser.add_argument('--cut', type=procedure_number, default=(None, 1),
                        help='PROCEDURE[:N]: swallow the reply to its Nth call, then hang up')
    parser.add_argument('--go-silent', action='store_true',
                        help='after the cut, keep the connection open and relay nothing more')
    parser.add_argument('--delay-ms', type=int, default=0,
                        help='how long each message takes to cross, each way')
    parser.add_argument('--count-to', help='keep the counts of calls relayed in this file')
    parser.add_argument('--refuse', type=procedure_number, default=(None, 1),
                        help='PROCEDURE: answer its every call with "not supported"')
    parser.add_argument('--until-stdin-closes', action='store_true',
                        help='stop when standard input closes (the parent has exited)')
    args = parser.parse_args()

    relay = Relay(args.target, args.cut[0], args.cut[1], args.delay_ms / 1000, args.count_to,
                  args.go_silent, args.refuse[0])
    relay.save_counts()
    if os.path.exists(args.listen):
        os.unlink(args.listen)
    server = await asyncio.start_unix_server(relay.serve, path=args.listen)
    stopped = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(signum, stopped.set)
    asyncio.get_running_loop().add_signal_handler(signal.SIGUSR1, relay.hush)
    if args.until_stdin_closes:
        def stdin_readable():
            if not os.read(sys.stdin.fileno(), 4096):
                stopped.set()
        asyncio.get_running_loop().add_reader(sys.stdin.fileno(), stdin_readable)
    print('listening', flush=True)
    async with server:
        await stopped.wait()
    relay.save_counts()


if __name__ == '__main__':
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
