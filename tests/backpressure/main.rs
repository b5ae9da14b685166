//! The trainer's back-pressure, measured on the resident memory of a process of its own (tests
//! Running beside it would move the figure).

mod trainer_backpressure;
