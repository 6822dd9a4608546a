"""The child process that reads an uploaded XLSX workbook (`reader.open_sheet` starts it).

calamine builds a sheet as one dense block of cells spanning the cells' extent: a single
cell at XFD1048576 asks for 512 GiB, and a failed allocation in Rust aborts the whole
process. So the workbook is read here, in a process of its own whose memory and CPU time are
capped: a hostile file kills only this process, and the parent refuses the file.

Standalone on purpose (the standard library and python_calamine, no Django): it starts in
a few tens of milliseconds. It reads the workbook from stdin and writes pickled messages to
stdout: ("size", height), ("rows", [row, ...]) repeatedly, then ("end",); or ("unreadable",)
when calamine refuses the file. Dying early (a cap reached) is the other answer.
"""

from __future__ import annotations

import io
import pickle
import resource
import sys

CHUNK = 1000


def main() -> None:
    memory, cpu = int(sys.argv[1]), int(sys.argv[2])
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    from python_calamine import CalamineWorkbook

    out = sys.stdout.buffer
    content = sys.stdin.buffer.read()
    try:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0)
    except Exception:  # calamine raises several kinds for broken workbooks
        pickle.dump(("unreadable",), out)
        return
    del content
    pickle.dump(("size", sheet.height), out)
    chunk = []
    for row in sheet.iter_rows():
        chunk.append(tuple(row))
        if len(chunk) == CHUNK:
            pickle.dump(("rows", chunk), out)
            chunk = []
    pickle.dump(("rows", chunk), out)
    pickle.dump(("end",), out)
    out.flush()


if __name__ == "__main__":
    main()
