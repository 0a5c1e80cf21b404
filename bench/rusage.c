/*
 * rusage.c - the bench's timer: runs a command and writes "wall user sys
 * maxrss_kib" (seconds to the millisecond, KiB) to OUTFILE, like
 * `/usr/bin/time -f "%e %U %S %M"` but without cutting user and system
 * time to 10 ms. The command's exit status is passed on (128 + signal
 * when it was killed).
 *
 * usage: rusage OUTFILE CMD [ARG...]
 */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
tv_sec(struct timeval tv)
{
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

int
main(int argc, char **argv)
{
	struct timespec t0, t1;
	struct rusage ru;
	FILE *fp;
	pid_t pid;
	int status;

	if (argc < 3) {
		fprintf(stderr, "usage: rusage OUTFILE CMD [ARG...]\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((pid = fork()) < 0) {
		perror("fork");
		return 2;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		perror(argv[2]);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("wait4");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if ((fp = fopen(argv[1], "w")) == NULL) {
		perror(argv[1]);
		return 2;
	}
	fprintf(fp, "%.3f %.3f %.3f %ld\n", (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9, tv_sec(ru.ru_utime),
	    tv_sec(ru.ru_stime), ru.ru_maxrss);
	fclose(fp);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
