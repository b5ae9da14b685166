//! Size limits hold before memory is allocated, measured on the peak resident memory of a
//! Process of its own (tests running beside it would raise the peak).

mod bombs;
