"""Publishing: copy the working database to the served one (``publish``), serve it with
Datasette (``serve``), and the data behind each web page (``pages``)."""
