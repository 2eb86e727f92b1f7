#ifndef TS6_SMALLFILE_H
#define TS6_SMALLFILE_H

#include <stddef.h>
#include <sys/types.h>

#include "sysfail.h"

/* The few files of the supervision protocol that are read or written whole,
 * each in one call: a supervisor touches several per start and per death. */

/* Reads up to max bytes into buf; returns how many, 0 with *absent set when
 * the file does not exist, -1 on failure. */
ssize_t small_read(const char *path, char *buf, size_t max, int *absent, struct sysfail *fail);
/* path.new, written and renamed over path: readers see the old or the new
 * contents, never a mix. */
int atomic_write(const char *path, const char *data, size_t len, struct sysfail *fail);
/* A file of fixed-size records (len bytes each) gets rec at its end, keeping
 * the last keep records (keep >= 1), written as atomic_write does. Contents
 * longer than max_file bytes or not whole records are dropped, not kept. */
int record_append(const char *path, const char *rec, size_t len, size_t keep, size_t max_file, struct sysfail *fail);
/* Writes data to every listener fifo of a fifodir, as s6's ftrigw_notifyb:
 * never blocks; a fifo without a reader is a dead listener's and is removed.
 * Returns how many listeners got all of it, -1 when the directory cannot be read. */
int fifodir_notify(const char *dir, const char *data, size_t len, struct sysfail *fail);

#endif
