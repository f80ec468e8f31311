#!/usr/bin/env python3
"""Compares two folders of `backcare export csv` files apart from their id columns.

The id columns (patient_id, course_id, session_id, response_id, therapist_id) hold the exporting
database's ids, which differ after an import into another clinic; every other cell must be equal,
row by row, in every file named. Prints "same" or the first difference.
Usage: csv_compare.py DIR_A DIR_B FILE...
"""
import csv
import os
import sys

ID_COLUMNS = {"patient_id", "course_id", "session_id", "response_id", "therapist_id"}


def rows_without_ids(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    keep = [i for i, name in enumerate(header) if name not in ID_COLUMNS]
    return [[row[i] for i in keep] for row in rows]


def main():
    a, b, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    for name in files:
        left = rows_without_ids(os.path.join(a, name))
        right = rows_without_ids(os.path.join(b, name))
        if len(left) != len(right):
            print(f"{name}: {len(left)} rows against {len(right)}")
            return 1
        for number, (x, y) in enumerate(zip(left, right), start=1):
            if x != y:
                print(f"{name}: record {number} differs: {x} against {y}")
                return 1
    print("same")
    return 0


if __name__ == "__main__":
    sys.exit(main())
