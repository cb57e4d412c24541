#!/usr/bin/env python3
"""shift-pcap-time.py IN OUT SECONDS: copy a classic pcap file (either byte order, µs or ns timestamps) with every
packet's timestamp moved by SECONDS (negative moves it back). Used to inject a known clock offset between two
captures of the same traffic (tests of `pcapsurvival compare`). pcapng is refused: convert it with editcap first."""
import struct
import sys

MAGICS = {0xA1B2C3D4: 1_000_000, 0xA1B23C4D: 1_000_000_000}


def main() -> int:
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 1
    source, target, seconds = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(source, 'rb') as f:
        data = f.read()
    if len(data) < 24:
        print(f'{source}: too short for a pcap file', file=sys.stderr)
        return 2
    for order in ('<', '>'):
        magic = struct.unpack(order + 'I', data[:4])[0]
        if magic in MAGICS:
            break
    else:
        print(f'{source}: not a classic pcap file (pcapng: convert it with editcap -F pcap)', file=sys.stderr)
        return 2
    units = MAGICS[magic]
    # exact decimal arithmetic: "2.5" is 2_500_000 µs, never 2499999.9999
    whole, _, fraction = seconds.lstrip('+-').partition('.')
    shift = int(whole or '0') * units + int((fraction + '0' * 9)[:len(str(units)) - 1] or '0')
    if seconds.startswith('-'):
        shift = -shift
    out = bytearray(data[:24])
    offset = 24
    while offset + 16 <= len(data):
        sec, sub, incl, orig = struct.unpack(order + 'IIII', data[offset:offset + 16])
        total = sec * units + sub + shift
        if total < 0:
            print(f'{source}: at byte offset {offset}: the shift moves a packet before 1970', file=sys.stderr)
            return 2
        out += struct.pack(order + 'IIII', total // units, total % units, incl, orig)
        out += data[offset + 16:offset + 16 + incl]
        offset += 16 + incl
    if offset != len(data):
        print(f'{source}: at byte offset {offset}: the last record is cut short; copied up to it', file=sys.stderr)
    with open(target, 'wb') as f:
        f.write(out)
    return 0


if __name__ == '__main__':
    sys.exit(main())
