#!/usr/bin/env python3
"""A TCP relay that delays every chunk by a fixed time each way, to time ssh:// over a network with a round trip.
Usage: delay-proxy.py ONE_WAY_MS LISTEN_PORT TARGET_PORT   (127.0.0.1 only)
The relay's connection to the target leaves from the client's own loopback address, so that sshd's log still tells
one benchmark's logins from another's."""
import asyncio
import sys

DELAY = float(sys.argv[1]) / 1000.0
LISTEN, TARGET = int(sys.argv[2]), int(sys.argv[3])


async def relay(reader, writer):
    loop = asyncio.get_running_loop()
    queue = asyncio.Queue()

    async def send():
        while True:
            due, data = await queue.get()
            if data is None:
                break
            if due > loop.time():
                await asyncio.sleep(due - loop.time())
            writer.write(data)
            await writer.drain()
        writer.close()

    sender = asyncio.create_task(send())
    try:
        while data := await reader.read(65536):
            queue.put_nowait((loop.time() + DELAY, data))
    finally:
        queue.put_nowait((0, None))
        await sender


async def accept(client_reader, client_writer):
    source = client_writer.get_extra_info("peername")[0]
    target_reader, target_writer = await asyncio.open_connection("127.0.0.1", TARGET, local_addr=(source, 0))
    await asyncio.gather(relay(client_reader, target_writer), relay(target_reader, client_writer), return_exceptions=True)


async def main():
    server = await asyncio.start_server(accept, "127.0.0.1", LISTEN)
    async with server:
        await server.serve_forever()


asyncio.run(main())
