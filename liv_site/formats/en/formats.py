# Patients read dates in full ("October 21, 2025"), as the hospital writes them.
DATE_FORMAT = "F j, Y"
DATETIME_FORMAT = "F j, Y, H:i"
