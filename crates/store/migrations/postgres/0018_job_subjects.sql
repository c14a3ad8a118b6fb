-- What an import job was about, for the list of latest imports: the campaign it
-- imported into (kept if the campaign is deleted later) and the uploaded file's name.
ALTER TABLE jobs ADD COLUMN campaign_id TEXT;
ALTER TABLE jobs ADD COLUMN file_name TEXT;
