#!/usr/bin/env python3
"""Builds the legacy .xls test files (Excel 97-2003, BIFF8) with xlwt, and the
password-protected files, from the sheets generate.py made:

* f_jsz_two_row_header.xls, g_tiancheng_per_village.xls: sheets A and C
  "saved as .xls" (values, number formats and merged cells copied cell by
  cell), with the same truth as the .xlsx beside them.
* xls_far_cell.xls: a small list with one stray value in IV65536, the cell
  that makes a reader sizing its grid by the furthest cell allocate 16 million
  slots.
* xls_dimensions_bomb.xls: a small list whose DIMENSIONS record claims
  2,147,483,647 rows (what a crafted file can say; calamine reserves room for
  that many cells before reading one).
* locked.xlsx: sheet A encrypted with the password "tc2026" by
  msoffcrypto-tool (ECMA-376 agile encryption, as Excel does).
* locked.xls: sheet A as .xls with a FILEPASS record (RC4 CryptoAPI header)
  after the workbook's BOF, which is how Excel marks a workbook with a
  password to open. msoffcrypto-tool cannot encrypt .xls, so the records after
  FILEPASS are left in clear; a reader meets FILEPASS first and must stop
  there, as Excel stops to ask for the password.

Run from the repository root after generate.py:
    python3 tests/import_sheets/generate_xls.py
(needs xlwt, openpyxl and msoffcrypto-tool from PyPI). The files are
committed; tests read them as they are.
"""
import datetime
import os
import shutil
import struct

import msoffcrypto
from msoffcrypto.format.ooxml import OOXMLFile
import xlwt
from openpyxl import load_workbook
from xlwt.CompoundDoc import XlsDoc

HERE = os.path.dirname(os.path.abspath(__file__))


def style_for(number_format, cache={}):
    if number_format not in cache:
        cache[number_format] = xlwt.easyxf(num_format_str=number_format)
    return cache[number_format]


def to_xls_workbook(xlsx_name):
    """The workbook as Excel's "Save as Excel 97-2003" would keep it."""
    src = load_workbook(os.path.join(HERE, xlsx_name))
    out = xlwt.Workbook(encoding="utf-8")
    for ws in src.worksheets:
        sheet = out.add_sheet(ws.title, cell_overwrite_ok=True)
        merged = {}
        covered = set()
        for rng in ws.merged_cells.ranges:
            merged[(rng.min_row, rng.min_col)] = rng
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    covered.add((r, c))
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None and (cell.row, cell.column) not in merged:
                    continue
                value = cell.value
                style = xlwt.Style.default_style
                if isinstance(value, datetime.datetime):
                    style = style_for("yyyy-mm-dd" if "m" in cell.number_format else "General")
                rng = merged.get((cell.row, cell.column))
                if rng is not None:
                    sheet.write_merge(rng.min_row - 1, rng.max_row - 1, rng.min_col - 1,
                                      rng.max_col - 1, value, style)
                elif (cell.row, cell.column) not in covered:
                    sheet.write(cell.row - 1, cell.column - 1, value, style)
    return out


def save_stream(stream, name):
    XlsDoc().save(os.path.join(HERE, name), stream)


def records(stream):
    """(offset, type, length) of each BIFF record."""
    at = 0
    while at + 4 <= len(stream):
        typ, length = struct.unpack_from("<HH", stream, at)
        yield at, typ, length
        at += 4 + length


def saved_as_xls(stem, xlsx_name, xls_name):
    to_xls_workbook(xlsx_name).save(os.path.join(HERE, xls_name))
    shutil.copyfile(os.path.join(HERE, stem + ".truth.json"),
                    os.path.join(HERE, xls_name.rsplit(".", 1)[0] + ".truth.json"))


def small_list():
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("乡贤名单")
    for c, h in enumerate(["姓名", "籍贯", "联系电话"]):
        ws.write(0, c, h)
    ws.write(1, 0, "张建国")
    ws.write(1, 1, "通城县隽水镇油坊村")
    ws.write(1, 2, "13812345001")
    return wb, ws


def far_cell():
    wb, ws = small_list()
    ws.write(65535, 255, "x")
    wb.save(os.path.join(HERE, "xls_far_cell.xls"))


def dimensions_bomb():
    wb, _ = small_list()
    stream = bytearray(wb.get_biff_data())
    patched = 0
    for at, typ, length in records(stream):
        if typ == 0x0200 and length == 14:
            # rwMic, rwMac (u32), colMic, colMac (u16): claim rows 0..2^31-1.
            struct.pack_into("<II", stream, at + 4, 0, 0x7FFFFFFF)
            patched += 1
    assert patched == 1, patched
    save_stream(bytes(stream), "xls_dimensions_bomb.xls")


def locked_xlsx():
    with open(os.path.join(HERE, "a_jsz_two_row_header.xlsx"), "rb") as src:
        office = OOXMLFile(src)
        with open(os.path.join(HERE, "locked.xlsx"), "wb") as out:
            office.encrypt("tc2026", out)


def locked_xls():
    stream = bytearray(to_xls_workbook("a_jsz_two_row_header.xlsx").get_biff_data())
    # FILEPASS (MS-XLS 2.4.117): wEncryptionType 1 (RC4), then an RC4 CryptoAPI
    # header: version 2.2 (or 3/4.2), flags, the EncryptionHeader and
    # EncryptionVerifier. The salt and verifier are placeholders.
    header = struct.pack("<IIIIIIII", 0x24, 0x24, 0, 0x6801, 0x8004, 128, 1, 0) \
        + "Microsoft Enhanced Cryptographic Provider v1.0\0".encode("utf-16-le")
    verifier = struct.pack("<I", 16) + bytes(16) + bytes(16) + struct.pack("<I", 20) + bytes(20)
    body = struct.pack("<HHHI", 1, 2, 2, 0x04) + struct.pack("<I", len(header)) + header + verifier
    filepass = struct.pack("<HH", 0x002F, len(body)) + body
    first = next(records(stream))
    insert_at = first[0] + 4 + first[2]
    stream[insert_at:insert_at] = filepass
    # Each BOUNDSHEET's lbPlyPos points into the stream: move it past the insert.
    for at, typ, _ in records(stream):
        if typ == 0x0085:
            (pos,) = struct.unpack_from("<I", stream, at + 4)
            struct.pack_into("<I", stream, at + 4, pos + len(filepass))
        if typ == 0x000A:
            break
    save_stream(bytes(stream), "locked.xls")
    with open(os.path.join(HERE, "locked.xls"), "rb") as f:
        assert msoffcrypto.OfficeFile(f).is_encrypted()


if __name__ == "__main__":
    saved_as_xls("a_jsz_two_row_header", "a_jsz_two_row_header.xlsx", "f_jsz_two_row_header.xls")
    saved_as_xls("c_tiancheng_per_village", "c_tiancheng_per_village.xlsx",
                 "g_tiancheng_per_village.xls")
    far_cell()
    dimensions_bomb()
    locked_xlsx()
    locked_xls()
