#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/rpc-relay.py --listen SOCKET --target SOCKET [--cut PROCEDURE[:N]] [--delay-ms MS]
#
# A relay on a unix socket in front of a libvirtd socket, for fault tests: it forwards
# libvirt's RPC both ways, reading its framing (libvirt's src/rpc/virnetprotocol.x: a 4-byte
# big-endian length that counts itself, then the header: program, version, procedure, type,
# serial, status, each a 4-byte big-endian unsigned number).
#
# --cut PROCEDURE[:N] forwards the Nth call (default 1st, counted over all connections) of
# PROCEDURE to the daemon, swallows the daemon's reply to it and closes that client's
# connection: the daemon did what was asked, the client never heard. Later connections are
# relayed normally. --delay-ms waits that long before forwarding each chunk (a slow link).
# Each cut is announced on stdout ("cut PROCEDURE serial S").
import argparse
import asyncio
import os
import struct
import sys

# Procedure numbers from libvirt's src/remote/remote_protocol.x (program 0x20008086).
PROCEDURES = {
    'DOMAIN_DEFINE_XML': 11,
    'DOMAIN_ATTACH_DEVICE_FLAGS': 160,
    'DOMAIN_DETACH_DEVICE_FLAGS': 161,
}
REMOTE_PROGRAM = 0x20008086
CALL, REPLY = 0, 1
HEADER = struct.Struct('>IIIIIII')   # length, program, version, procedure, type, serial, status
MAX_MESSAGE = 32 * 1024 * 1024 + 4   # libvirt's own limit on one message


class Relay:
    def __init__(self, target, procedure, nth, delay):
        self.target = target
        self.procedure = procedure
        self.nth = nth
        self.delay = delay
        self.seen = 0
        self.cut_done = False

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

    async def forward(self, message, writer):
        if self.delay:
            await asyncio.sleep(self.delay)
        writer.write(message)
        await writer.drain()

    async def client_to_daemon(self, reader, writer, state):
        while (message := await self.read_message(reader)) is not None:
            _, program, _, procedure, kind, serial, _ = HEADER.unpack_from(message)
            if (program == REMOTE_PROGRAM and kind == CALL and procedure == self.procedure
                    and not self.cut_done):
                self.seen += 1
                if self.seen == self.nth:
                    self.cut_done = True
                    state['cut_serial'] = serial
            await self.forward(message, writer)

    async def daemon_to_client(self, reader, writer, state):
        while (message := await self.read_message(reader)) is not None:
            _, program, _, procedure, kind, serial, _ = HEADER.unpack_from(message)
            if (kind == REPLY and program == REMOTE_PROGRAM and procedure == self.procedure
                    and serial == state.get('cut_serial')):
                print(f'cut {procedure} serial {serial}', flush=True)
                return
            await self.forward(message, writer)

    async def serve(self, client_reader, client_writer):
        try:
            daemon_reader, daemon_writer = await asyncio.open_unix_connection(self.target)
        except OSError as error:
            print(f'cannot reach the daemon: {error}', file=sys.stderr, flush=True)
            client_writer.close()
            return
        state = {}
        tasks = [asyncio.create_task(self.client_to_daemon(client_reader, daemon_writer, state)),
                 asyncio.create_task(self.daemon_to_client(daemon_reader, client_writer, state))]
        # Either side ending (or a cut) ends the pair: both sockets close.
        done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()
        for task in done:
            if task.exception() is not None:
                print(f'relay: {task.exception()}', file=sys.stderr, flush=True)
        for writer in (client_writer, daemon_writer):
            writer.close()


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
    parser.add_argument('--delay-ms', type=int, default=0, help='delay before each chunk')
    args = parser.parse_args()

    relay = Relay(args.target, args.cut[0], args.cut[1], args.delay_ms / 1000)
    if os.path.exists(args.listen):
        os.unlink(args.listen)
    server = await asyncio.start_unix_server(relay.serve, path=args.listen)
    print('listening', flush=True)
    async with server:
        await server.serve_forever()


if __name__ == '__main__':
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
