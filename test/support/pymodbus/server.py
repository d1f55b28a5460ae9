"""An independent Modbus device for integration tests: pymodbus (Debian python3-pymodbus) serving a known image.

The image is a JSON list of {table, address, type, order, value}; values are encoded here with pymodbus's own
BinaryPayloadBuilder, so our codecs are checked against an independent implementation.
  --mode tcp | rtu-tcp (raw RTU frames over TCP) | serial (RTU on --device)
  --units 1,2      unit ids served (each gets the same image)
  --holes 50,51    holding addresses that answer exception 2 (illegal data address)
  --size 4000      registers/bits per table (default 1024)
Prints one JSON line once ready: {"port": N} (tcp modes, ephemeral port on 127.0.0.1) or {"ready": true}.
"""
import argparse
import asyncio
import json
import logging
import sys

from pymodbus.constants import Endian
from pymodbus.datastore import ModbusServerContext, ModbusSlaveContext, ModbusSparseDataBlock, ModbusSequentialDataBlock
from pymodbus.payload import BinaryPayloadBuilder
from pymodbus.server.async_io import ModbusSerialServer, ModbusTcpServer
from pymodbus.transaction import ModbusRtuFramer, ModbusSocketFramer

SIZE = 1024
ORDERS = {  # (byteorder, wordorder) for pymodbus's builder
    "ABCD": (Endian.Big, Endian.Big),
    "CDAB": (Endian.Big, Endian.Little),
    "BADC": (Endian.Little, Endian.Big),
    "DCBA": (Endian.Little, Endian.Little),
}


def encode(entry):
    """Registers of one image entry, encoded by pymodbus."""
    byteorder, wordorder = ORDERS[entry.get("order", "ABCD")]
    builder = BinaryPayloadBuilder(byteorder=byteorder, wordorder=wordorder)
    kind, value = entry["type"], entry["value"]
    if kind == "string":
        raw = value.encode("utf-8").ljust(entry["length"] + entry["length"] % 2, b"\0")
        builder.add_string(raw)
    else:
        add = {
            "int16": builder.add_16bit_int, "uint16": builder.add_16bit_uint,
            "int32": builder.add_32bit_int, "uint32": builder.add_32bit_uint,
            "int64": builder.add_64bit_int, "uint64": builder.add_64bit_uint,
            "float32": builder.add_32bit_float, "float64": builder.add_64bit_float,
        }[kind]
        add(int(value) if "int" in kind else float(value))
    return builder.to_registers()


def set_size(size):
    """Registers/bits per table (--size)."""
    global SIZE
    SIZE = size


def build_context(image, holes):
    tables = {"holding": [0] * SIZE, "input": [0] * SIZE, "coil": [False] * SIZE, "discrete": [False] * SIZE}
    for entry in image:
        table, address = entry["table"], entry["address"]
        if table in ("coil", "discrete"):
            tables[table][address] = bool(entry["value"])
        elif "bit" in entry:
            if entry["value"]:
                tables[table][address] |= 1 << entry["bit"]
        else:
            for i, word in enumerate(encode(entry)):
                tables[table][address + i] = word
    # pymodbus blocks are 1-based inside (address + 1), so offset 0 of the wire is index 1 here.
    holding = {a + 1: v for a, v in enumerate(tables["holding"]) if a not in holes}
    return ModbusSlaveContext(
        hr=ModbusSparseDataBlock(holding),
        ir=ModbusSequentialDataBlock(1, tables["input"]),
        co=ModbusSequentialDataBlock(1, tables["coil"]),
        di=ModbusSequentialDataBlock(1, tables["discrete"]),
        zero_mode=False,
    )


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["tcp", "rtu-tcp", "serial"], default="tcp")
    parser.add_argument("--device")
    parser.add_argument("--baud", type=int, default=19200)
    parser.add_argument("--image", default="[]", help="JSON image, or @file")
    parser.add_argument("--units", default="1")
    parser.add_argument("--holes", default="")
    parser.add_argument("--size", type=int, default=SIZE)
    args = parser.parse_args()
    text = open(args.image[1:]).read() if args.image.startswith("@") else args.image
    image = json.loads(text)
    holes = {int(h) for h in args.holes.split(",") if h}
    set_size(args.size)
    slaves = {int(u): build_context(image, holes) for u in args.units.split(",")}
    context = ModbusServerContext(slaves=slaves, single=False)
    if args.mode == "serial":
        server = ModbusSerialServer(context, framer=ModbusRtuFramer, port=args.device, baudrate=args.baud,
                                    parity="N", stopbits=1, bytesize=8, timeout=0.005)
        await server.start()
        print(json.dumps({"ready": True}), flush=True)
        await asyncio.Event().wait()
    framer = ModbusSocketFramer if args.mode == "tcp" else ModbusRtuFramer
    server = ModbusTcpServer(context, framer=framer, address=("127.0.0.1", 0), allow_reuse_address=True)
    task = asyncio.create_task(server.serve_forever())
    await server.serving
    port = server.server.sockets[0].getsockname()[1]
    print(json.dumps({"port": port}), flush=True)
    await task


if __name__ == "__main__":
    logging.basicConfig(level=logging.CRITICAL)
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
