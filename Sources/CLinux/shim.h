#ifndef LEITBILD_CLINUX_SHIM_H
#define LEITBILD_CLINUX_SHIM_H
/* What Swift's Glibc module leaves out: statfs(2), the file system type of the output folder
   (Reporting's AtomicFile.commit holds replaced reports open only on local file systems), and
   mallopt(3), the allocator's top pad (LeitbildCore's MemoryTuning, which the CLI calls). */
#ifdef __linux__
#include <sys/vfs.h>
#include <malloc.h>
#endif
#endif
