//! The administrator's case pages: status lists, Reassign, audit queue, import and export.
