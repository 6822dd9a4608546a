"""Pages: resident (report, my cases), grid worker (tasks, patrol), staff desk, case detail."""
