"""The public neighbourhood crime map: a small server-rendered Flask app on the public file only."""
