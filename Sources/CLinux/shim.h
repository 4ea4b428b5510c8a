#ifndef LEITBILD_CLINUX_SHIM_H
#define LEITBILD_CLINUX_SHIM_H
/* statfs(2), which Swift's Glibc module leaves out: the file system type of the output folder
   (Reporting's AtomicFile.commit holds replaced reports open only on local file systems). */
#ifdef __linux__
#include <sys/vfs.h>
#endif
#endif
