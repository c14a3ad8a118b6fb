//! The case configuration pages: statuses, reasons, fields and contact-attempt results.
